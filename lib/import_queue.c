/*
 * import_queue.c - what the reading thread of an import hands to the
 * writing thread, in document order: records, errors, progress and the
 * end of a file.  Bounded (memory stays flat) and moved in batches, so a
 * lock is taken once per BATCH items, not per record.
 */
#include "import_private.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CAPACITY 2048
#define BATCH 64

struct agti_queue {
	pthread_mutex_t mu;
	pthread_cond_t nonempty, nonfull;
	struct agti_item ring[CAPACITY];
	size_t head, count;
	struct agti_item out[BATCH]; /* the producer's batch */
	size_t nout;
};

int
agti_queue_new(struct agti_queue **out)
{
	struct agti_queue *q;

	if ((*out = q = calloc(1, sizeof *q)) == NULL)
		return AGT_ENOMEM;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->nonempty, NULL);
	pthread_cond_init(&q->nonfull, NULL);
	return AGT_OK;
}

/* Hand the producer's batch over, waiting for room. */
void
agti_queue_flush(struct agti_queue *q)
{
	size_t i = 0, n;

	while (i < q->nout) {
		pthread_mutex_lock(&q->mu);
		while (q->count == CAPACITY)
			pthread_cond_wait(&q->nonfull, &q->mu);
		for (n = 0; i < q->nout && q->count < CAPACITY; i++, n++)
			q->ring[(q->head + q->count++) % CAPACITY] = q->out[i];
		pthread_cond_signal(&q->nonempty);
		pthread_mutex_unlock(&q->mu);
	}
	q->nout = 0;
}

void
agti_queue_push(struct agti_queue *q, const struct agti_item *item)
{
	q->out[q->nout++] = *item;
	if (q->nout == BATCH || item->kind != AGTI_ITEM_RECORD)
		agti_queue_flush(q);
}

size_t
agti_queue_pop(struct agti_queue *q, struct agti_item *items, size_t max)
{
	size_t n;

	pthread_mutex_lock(&q->mu);
	while (q->count == 0)
		pthread_cond_wait(&q->nonempty, &q->mu);
	for (n = 0; n < max && q->count > 0; n++) {
		items[n] = q->ring[q->head];
		q->head = (q->head + 1) % CAPACITY;
		q->count--;
	}
	pthread_cond_signal(&q->nonfull);
	pthread_mutex_unlock(&q->mu);
	return n;
}

void
agti_item_clear(struct agti_item *item)
{
	agt_record_free(item->rec);
	free(item->msg);
	memset(item, 0, sizeof *item);
}

void
agti_queue_free(struct agti_queue *q)
{
	if (q == NULL)
		return;
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->nonempty);
	pthread_cond_destroy(&q->nonfull);
	free(q);
}

/*
 * import_queue.c - what the reading thread of an import hands to the
 * writing thread, in document order: records, errors, progress and the
 * end of a file.  Bounded (memory stays flat) and moved in batches, so a
 * lock is taken once per BATCH items, not per record.
 *
 * A thread is woken only when it sleeps, and a sleeping producer only
 * once the consumer has emptied half the ring: a wake-up per batch cost
 * 14,000 context switches and a tenth of an import's CPU time in the
 * kernel (100,000 lots).
 *
 * What the consumer is done with goes back to the producer to be freed:
 * records are allocated in the producer's malloc arena, and freeing them
 * in the consumer fought the producer's mallocs for that arena's lock.
 */
#include "import_private.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CAPACITY 8192
#define BATCH 256
#define BACK_MAX CAPACITY

struct back {
	agt_record *rec;
	char *msg;
};

struct agti_queue {
	pthread_mutex_t mu;
	pthread_cond_t nonempty, nonfull;
	int consumer_waits, producer_waits;
	struct agti_item ring[CAPACITY];
	size_t head, count;
	struct agti_item out[BATCH]; /* the producer's batch */
	size_t nout;
	struct back *back, *spare; /* given back to the producer to free ... */
	size_t nback, nspare;   /* ... and taken by it */
	struct back backs[2][BACK_MAX];
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
	q->back = q->backs[0];
	q->spare = q->backs[1];
	return AGT_OK;
}

static void
free_all(struct back *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		agt_record_free(b[i].rec);
		free(b[i].msg);
	}
}

/* Hand the producer's batch over, waiting for room; free what came back. */
void
agti_queue_flush(struct agti_queue *q)
{
	size_t i = 0;
	struct back *swap;

	while (i < q->nout) {
		pthread_mutex_lock(&q->mu);
		swap = q->spare;
		q->spare = q->back;
		q->nspare = q->nback;
		q->back = swap;
		q->nback = 0;
		while (q->count == CAPACITY) {
			q->producer_waits = 1;
			pthread_cond_wait(&q->nonfull, &q->mu);
		}
		for (; i < q->nout && q->count < CAPACITY; i++)
			q->ring[(q->head + q->count++) % CAPACITY] = q->out[i];
		if (q->consumer_waits) {
			q->consumer_waits = 0;
			pthread_cond_signal(&q->nonempty);
		}
		pthread_mutex_unlock(&q->mu);
		free_all(q->spare, q->nspare);
		q->nspare = 0;
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
	while (q->count == 0) {
		q->consumer_waits = 1;
		pthread_cond_wait(&q->nonempty, &q->mu);
	}
	for (n = 0; n < max && q->count > 0; n++) {
		items[n] = q->ring[q->head];
		q->head = (q->head + 1) % CAPACITY;
		q->count--;
	}
	if (q->producer_waits && q->count <= CAPACITY / 2) {
		q->producer_waits = 0;
		pthread_cond_signal(&q->nonfull);
	}
	pthread_mutex_unlock(&q->mu);
	return n;
}

/* Give back what N ITEMS own (and clear them), to be freed by the
 * producer; free it here if the producer is not taking it back. */
void
agti_queue_recycle(struct agti_queue *q, struct agti_item *items, size_t n)
{
	size_t i;

	pthread_mutex_lock(&q->mu);
	for (i = 0; i < n && q->nback < BACK_MAX; i++) {
		q->back[q->nback].rec = items[i].rec;
		q->back[q->nback++].msg = items[i].msg;
		memset(&items[i], 0, sizeof items[i]);
	}
	pthread_mutex_unlock(&q->mu);
	for (; i < n; i++)
		agti_item_clear(&items[i]);
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
	free_all(q->back, q->nback);
	free(q);
}

/*
 * import_verify.c - report signatures are checked by worker threads while
 * the importing thread parses and writes: Ed25519 verification costs ten
 * times more than everything else done for a report.  A bounded queue
 * keeps memory flat; when it is full the importing thread checks jobs
 * itself, so on a 2-core machine both cores verify when parsing is ahead.
 */
#include "import_private.h"
#include "replica_private.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define QUEUE_SIZE 4096
#define MAX_THREADS 16
#define BATCH 32        /* jobs a worker takes per lock */

struct agti_verifier {
	pthread_mutex_t mu;
	pthread_cond_t nonempty;
	struct agti_sigjob *queue[QUEUE_SIZE];
	size_t head, count;
	int stopping;
	pthread_t threads[MAX_THREADS];
	unsigned nthreads;
	uint64_t checked, failed;
	struct agti_sigjob **failures;
	size_t nfailures, max_failures;
};

static void
job_free(struct agti_sigjob *job)
{
	if (job != NULL) {
		free(job->msg);
		free(job);
	}
}

/*
 * Check the N jobs at JOBS and account for them under one lock; frees
 * each unless it is kept as a failure.
 */
static void
check(struct agti_verifier *v, struct agti_sigjob **jobs, size_t n)
{
	int bad[BATCH];
	size_t i;

	for (i = 0; i < n; i++)
		bad[i] = agti_ed25519_verify(jobs[i]->sig, jobs[i]->pub,
		    jobs[i]->msg, jobs[i]->len) != AGT_OK;
	pthread_mutex_lock(&v->mu);
	for (i = 0; i < n; i++) {
		v->checked++;
		if (bad[i]) {
			v->failed++;
			if (v->nfailures < v->max_failures) {
				v->failures[v->nfailures++] = jobs[i];
				jobs[i] = NULL;
			}
		}
	}
	pthread_mutex_unlock(&v->mu);
	for (i = 0; i < n; i++)
		job_free(jobs[i]);
}

/* Take the oldest job; call with the lock held. */
static struct agti_sigjob *
take(struct agti_verifier *v)
{
	struct agti_sigjob *job = v->queue[v->head];

	v->head = (v->head + 1) % QUEUE_SIZE;
	v->count--;
	return job;
}

static void *
worker(void *arg)
{
	struct agti_verifier *v = arg;
	struct agti_sigjob *jobs[BATCH];
	size_t n;

	for (;;) {
		pthread_mutex_lock(&v->mu);
		while (v->count == 0 && !v->stopping)
			pthread_cond_wait(&v->nonempty, &v->mu);
		if (v->count == 0) {
			pthread_mutex_unlock(&v->mu);
			return NULL;
		}
		for (n = 0; n < BATCH && v->count > 0; n++)
			jobs[n] = take(v);
		pthread_mutex_unlock(&v->mu);
		check(v, jobs, n);
	}
}

int
agti_verifier_new(struct agti_verifier **out, unsigned threads,
    unsigned max_failures)
{
	struct agti_verifier *v;

	*out = NULL;
	if ((v = calloc(1, sizeof *v)) == NULL)
		return AGT_ENOMEM;
	v->max_failures = max_failures;
	if ((v->failures = calloc(max_failures + 1, sizeof *v->failures)) == NULL) {
		free(v);
		return AGT_ENOMEM;
	}
	pthread_mutex_init(&v->mu, NULL);
	pthread_cond_init(&v->nonempty, NULL);
	if (threads == 0)
		threads = 1;
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	for (; v->nthreads < threads; v->nthreads++)
		if (pthread_create(&v->threads[v->nthreads], NULL, worker, v) != 0)
			break;
	*out = v;
	return AGT_OK;
}

int
agti_verifier_push(struct agti_verifier *v, struct agti_sigjob *job)
{
	struct agti_sigjob *mine = NULL;

	if (v->nthreads == 0) {
		check(v, &job, 1);
		return AGT_OK;
	}
	pthread_mutex_lock(&v->mu);
	if (v->count == QUEUE_SIZE)
		mine = take(v);
	v->queue[(v->head + v->count) % QUEUE_SIZE] = job;
	v->count++;
	pthread_cond_signal(&v->nonempty);
	pthread_mutex_unlock(&v->mu);
	if (mine != NULL)
		check(v, &mine, 1);
	return AGT_OK;
}

void
agti_verifier_finish(struct agti_verifier *v)
{
	struct agti_sigjob *job;
	unsigned i;

	for (;;) {
		pthread_mutex_lock(&v->mu);
		job = v->count > 0 ? take(v) : NULL;
		pthread_mutex_unlock(&v->mu);
		if (job == NULL)
			break;
		check(v, &job, 1);
	}
	pthread_mutex_lock(&v->mu);
	v->stopping = 1;
	pthread_cond_broadcast(&v->nonempty);
	pthread_mutex_unlock(&v->mu);
	for (i = 0; i < v->nthreads; i++)
		pthread_join(v->threads[i], NULL);
	v->nthreads = 0;
}

uint64_t
agti_verifier_checked(const struct agti_verifier *v)
{
	return v->checked;
}

uint64_t
agti_verifier_failed(const struct agti_verifier *v)
{
	return v->failed;
}

const struct agti_sigjob *
agti_verifier_failure(const struct agti_verifier *v, size_t n)
{
	return n < v->nfailures ? v->failures[n] : NULL;
}

void
agti_verifier_free(struct agti_verifier *v)
{
	size_t i;

	if (v == NULL)
		return;
	agti_verifier_finish(v);
	for (i = 0; i < v->nfailures; i++)
		job_free(v->failures[i]);
	free(v->failures);
	pthread_mutex_destroy(&v->mu);
	pthread_cond_destroy(&v->nonempty);
	free(v);
}

/* The temporary files and new directories of the outputs being written in
 * this process, so that a SIGINT/SIGTERM handler can remove them
 * (ct_outputs_abort) before the process ends. The handler may run at any
 * moment, so the registry is lock-free: slots are atomic pointers, chunks of
 * slots are added but never freed. */
#include "output.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLOTS 64

typedef struct chunk {
    _Atomic(char *) slot[SLOTS];
    _Atomic(struct chunk *) next;
} chunk;

static chunk first;

ct_status ct__pending_add(ct_ctx *ctx, char *entry, void **handle)
{
    for (chunk *c = &first;;) {
        for (size_t i = 0; i < SLOTS; i++) {
            char *expected = NULL;
            if (atomic_compare_exchange_strong(&c->slot[i], &expected, entry)) {
                *handle = &c->slot[i];
                return CT_OK;
            }
        }
        chunk *next = atomic_load(&c->next);
        if (!next) {
            chunk *fresh = ct__calloc(1, sizeof *fresh);
            if (!fresh)
                return ct__nomem(ctx);
            if (atomic_compare_exchange_strong(&c->next, &next, fresh))
                next = fresh;
            else
                free(fresh); /* another thread added one: next is it */
        }
        c = next;
    }
}

char *ct__pending_remove(void *handle)
{
    return handle ? atomic_exchange((_Atomic(char *) *)handle, NULL) : NULL;
}

/* Each entry is a kind letter and a path, repeated, ended by an empty string:
 * "fPATH\0fPATH-journal\0\0" (files) or "dDEEPEST\0dPARENT\0\0" (directories
 * made for the outputs, deepest first). */
static void remove_kind(char kind)
{
    for (chunk *c = &first; c; c = atomic_load(&c->next))
        for (size_t i = 0; i < SLOTS; i++) {
            const char *e = atomic_load(&c->slot[i]);
            for (; e && *e; e += strlen(e) + 1) {
                if (*e == kind && kind == 'f')
                    unlink(e + 1);
                else if (*e == kind)
                    rmdir(e + 1);
            }
        }
}

void ct_outputs_abort(void)
{
    remove_kind('f');
    remove_kind('d'); /* only directories left empty go */
}

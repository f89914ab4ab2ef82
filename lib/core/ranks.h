/* Ranks in id order, for sorting output rows and breaking ties by id. */
#ifndef COTERM_RANKS_H
#define COTERM_RANKS_H

#include "core.h"

/* rank[i] = position of ids[i] when the ids are sorted (equal ids keep
 * their order); *rank is freed by the caller. */
ct_status ct__id_ranks(ct_ctx *ctx, const char *const *ids, size_t n, size_t **rank);

#endif

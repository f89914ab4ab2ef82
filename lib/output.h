/* Outputs in progress, for their removal on a signal (output_abort.c). */
#ifndef COTERM_OUTPUT_H
#define COTERM_OUTPUT_H

#include "ct_private.h"

/* Register entry (see output_abort.c for its form; ownership stays with the
 * caller until ct__pending_remove hands it back). */
ct_status ct__pending_add(ct_ctx *ctx, char *entry, void **handle);
/* Unregister; returns the entry for the caller to free (NULL handle: NULL). */
char *ct__pending_remove(void *handle);

#endif

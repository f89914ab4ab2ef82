/* coterm: common definitions, status codes and the context. */
#ifndef COTERM_CT_COMMON_H
#define COTERM_CT_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#if defined(_WIN32)
#define CT_EXTERN __declspec(dllexport)
#elif defined(__GNUC__)
#define CT_EXTERN __attribute__((visibility("default")))
#else
#define CT_EXTERN
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Status of every fallible call. Values are never renumbered. */
typedef enum ct_status {
    CT_OK = 0,
    CT_ENOMEM = 1,   /**< an allocation failed */
    CT_EINVAL = 2,   /**< invalid argument or option */
    CT_EIO = 3,      /**< a file could not be read or written */
    CT_EFORMAT = 4,  /**< a file or layer is not in the expected form */
    CT_ECRS = 5,     /**< missing, unknown or unsuitable coordinate system */
    CT_EGEOM = 6,    /**< null, empty or unrepairable geometry */
    CT_EDATA = 7,    /**< bad data: duplicate or unknown ids, bad values */
    CT_EDEP = 8,     /**< a dependency (GDAL, GEOS, PROJ) failed */
    CT_EINTERNAL = 9 /**< a bug in coterm */
} ct_status;

/** Kinds of diagnostic the library records instead of printing. */
typedef enum ct_diag_kind {
    CT_DIAG_REPAIR = 1,  /**< input was repaired (e.g. invalid geometry) */
    CT_DIAG_WARNING = 2  /**< something the caller should know */
} ct_diag_kind;

/** A context: owns dependency handles, the last error and diagnostics.
 *  One thread at a time per context; objects must not outlive it. */
typedef struct ct_ctx ct_ctx;

/** Create a context.
 *  @param out receives the context; free with ct_ctx_free().
 *  @param opts NULL or a NULL-terminated list of "KEY=VALUE":
 *         THREADS=N  overlay worker threads, 1 to 64 (default: online CPUs).
 *  @return CT_OK; CT_EINVAL (out is NULL, an unknown option, THREADS not
 *          in 1..64); CT_ENOMEM. On failure *out is NULL and, there being
 *          no context, no message is kept. GEOS and PROJ handles are made
 *          on first use, so their failures come later as CT_EDEP. */
CT_EXTERN ct_status ct_ctx_new(ct_ctx **out, const char *const *opts);

/** Free a context; NULL is a no-op. */
CT_EXTERN void ct_ctx_free(ct_ctx *ctx);

/** Status of the last failed call on this context (CT_OK if none). */
CT_EXTERN ct_status ct_errcode(const ct_ctx *ctx);

/** Message of the last failed call, owned by the context ("" if none). */
CT_EXTERN const char *ct_errmsg(const ct_ctx *ctx);

/** Short stable name of a status, e.g. "CT_EDATA". */
CT_EXTERN const char *ct_status_name(ct_status status);

/** Number of diagnostics (repairs, warnings) recorded so far. */
CT_EXTERN size_t ct_diag_count(const ct_ctx *ctx);

/** Kind of diagnostic i (0 if out of range). */
CT_EXTERN ct_diag_kind ct_diag_kind_at(const ct_ctx *ctx, size_t i);

/** Message of diagnostic i, owned by the context (NULL if out of range). */
CT_EXTERN const char *ct_diag_message(const ct_ctx *ctx, size_t i);

/** Forget all diagnostics. */
CT_EXTERN void ct_diag_clear(ct_ctx *ctx);

/** Free memory returned by coterm as char *; NULL is a no-op. */
CT_EXTERN void ct_free(void *ptr);

/** Remove the temporary files of the outputs being written in this process
 *  (and the directories made for them), so that nothing half-written stays.
 *  Files already renamed into place are kept. Async-signal-safe: call it
 *  from a SIGINT/SIGTERM handler that then ends the process. Outputs are
 *  otherwise all or nothing by themselves (ct_result_write, ct_table_write). */
CT_EXTERN void ct_outputs_abort(void);

#ifdef __cplusplus
}
#endif
#endif

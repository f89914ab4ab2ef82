/* Loading libcoterm at run time (dlopen), so that R finds the library the
 * way the Python package does: a path chosen in R (COTERM_LIBRARY, the
 * directories pkg-config named at install, the system loader). */
#include "coterm_r.h"

#include <dlfcn.h>
#include <string.h>

#include "config.h"

ctr_api ctr;

/* The library directories pkg-config named when the package was built. */
SEXP ctr_libdirs(void)
{
    return Rf_mkString(CTR_LIBDIRS);
}

/* Load the library at path and resolve every function: its version number
 * on success, else a character message. Already loaded: the version. */
SEXP ctr_load(SEXP path)
{
    if (ctr.ct_version_number)
        return Rf_ScalarInteger(ctr.ct_version_number());
    const char *p = ctr_string(path);
    if (!p)
        Rf_error("coterm: no library path");
    void *h = dlopen(p, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return Rf_mkString(dlerror());
    ctr_api api;
    const char *missing = NULL;
    /* POSIX: a function pointer is read from dlsym through a void * object */
#define CTR_RESOLVE(f)                                 \
    *(void **)(&api.f) = dlsym(h, #f);                 \
    if (!api.f && !missing)                            \
        missing = #f;
    CTR_FUNCTIONS(CTR_RESOLVE)
#undef CTR_RESOLVE
#define CTR_RESOLVE_OPTIONAL(f) *(void **)(&api.f) = dlsym(h, #f);
    CTR_OPTIONAL(CTR_RESOLVE_OPTIONAL)
#undef CTR_RESOLVE_OPTIONAL
    if (missing) {
        dlclose(h);
        char msg[256];
        snprintf(msg, sizeof msg, "%s lacks %s (an older libcoterm?)", p, missing);
        return Rf_mkString(msg);
    }
    ctr = api;
    return Rf_ScalarInteger(ctr.ct_version_number());
}

/* Version string of the loaded library. */
SEXP ctr_version(void)
{
    if (!ctr.ct_version)
        Rf_error("coterm: libcoterm is not loaded");
    return Rf_mkString(ctr.ct_version());
}

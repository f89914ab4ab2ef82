# Loading libcoterm, in the order the Python package uses: the file (or
# directory) named by COTERM_LIBRARY; the library directory pkg-config named
# when this package was installed (a build tree or an installed prefix); the
# system loader (libcoterm.so.0).

# Major version of the C API these bindings are written against, and the
# oldest minor version (within it) that has every function they call.
.EXPECTED_MAJOR <- 0L
.MINIMUM_MINOR <- 1L

.lib <- new.env(parent = emptyenv())

.candidates <- function() {
  env <- Sys.getenv("COTERM_LIBRARY")
  if (nzchar(env)) {
    path <- if (dir.exists(env)) file.path(env, "libcoterm.so") else env
    return(list(paths = path, from_env = TRUE))
  }
  dirs <- strsplit(.Call(C_libdirs), ":", fixed = TRUE)[[1]]
  built <- file.path(rep(dirs, each = 2), c("libcoterm.so.0", "libcoterm.so"))
  list(paths = c(built[file.exists(built)], "libcoterm.so.0"), from_env = FALSE)
}

.load_library <- function() {
  cand <- .candidates()
  errors <- character()
  for (path in cand$paths) {
    v <- .Call(C_load, path)
    if (is.integer(v)) {
      .check_version(v)
      .lib$path <- path
      .lib$version <- .Call(C_version)
      return(invisible(path))
    }
    errors <- c(errors, v)
  }
  stop("coterm: cannot load libcoterm (", paste(errors, collapse = "; "), "). Build it ",
       "(meson setup build && ninja -C build), install it, or set COTERM_LIBRARY to the ",
       "path of libcoterm.so", call. = FALSE)
}

.check_version <- function(number) {
  major <- number %/% 10000L
  minor <- number %/% 100L %% 100L
  if (major != .EXPECTED_MAJOR || minor < .MINIMUM_MINOR)
    stop(sprintf(paste0("coterm: libcoterm %d.%d.%d is not compatible with these bindings ",
                        "(need %d.x with x >= %d); point COTERM_LIBRARY at a matching build"),
                 major, minor, number %% 100L, .EXPECTED_MAJOR, .MINIMUM_MINOR), call. = FALSE)
}

.onLoad <- function(libname, pkgname) {
  .load_library()
}

# The loaded libcoterm: its version and the file it was loaded from.
coterm_version <- function() .lib$version

coterm_library <- function() .lib$path

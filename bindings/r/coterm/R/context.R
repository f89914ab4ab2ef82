# Contexts and the handles made with them. A context (ct_ctx) holds the
# library's last error and its diagnostics; layers and population bases
# opened in it can be reused across calls. Every C object is freed once:
# by close(), or by a finalizer when R collects it; closing a context first
# frees what was made with it (src/handles.c).

coterm_context <- function(threads = NULL, warn = TRUE) {
  ptr <- .Call(C_ctx_new, .opts(THREADS = threads))
  if (inherits(ptr, "coterm_failure"))  # no context to hold a message in
    ptr$message <- paste0("cannot create a coterm context",
                          if (!is.null(threads)) paste0(" with THREADS=", threads))
  .stop_if_failed(ptr, sys.call())
  ctx <- new.env(parent = emptyenv())
  ctx$ptr <- ptr
  ctx$seen <- 0
  ctx$warn <- isTRUE(warn)
  ctx$diagnostics <- .diagnostics_frame(character(), character())
  class(ctx) <- "coterm_context"
  ctx
}

close.coterm_context <- function(con, ...) invisible(.Call(C_close_handle, con$ptr))

print.coterm_context <- function(x, ...) {
  state <- if (.Call(C_is_open, x$ptr)) "open" else "closed"
  cat(sprintf("<coterm context, %s, %d diagnostics>\n", state, nrow(x$diagnostics)))
  invisible(x)
}

# Number of C objects not yet freed, by kind (ctx, layer, pop, result,
# table); only the kinds with some. For leak checks.
live_handles <- function() {
  n <- .Call(C_live)
  n[n != 0L]
}

# The repairs and warnings recorded: a data.frame (kind, message) of a
# result, a bestfit lookup or a context.
diagnostics <- function(x) {
  if (inherits(x, "coterm_context")) return(x$diagnostics)
  attr(x, "diagnostics", exact = TRUE)
}

.diagnostics_frame <- function(kind, message)
  data.frame(kind = kind, message = message, stringsAsFactors = FALSE)

# Record the diagnostics new since the last look, warn about each (unless
# the context is quiet), then signal x if it is a failure.
.check <- function(ctx, x, call = NULL) {
  force(x)  # x is often the call itself: run it before looking
  d <- .Call(C_diagnostics, ctx$ptr, ctx$seen)
  if (length(d$kind)) {
    ctx$seen <- ctx$seen + length(d$kind)
    ctx$diagnostics <- rbind(ctx$diagnostics, .diagnostics_frame(d$kind, d$message))
    if (ctx$warn)
      for (i in seq_along(d$kind)) .warn_diagnostic(d$kind[i], d$message[i], call)
  }
  .stop_if_failed(x, call)
}

# "KEY=VALUE" options from named arguments: NULL, NA and FALSE are left
# out, TRUE is YES, numbers keep 15 significant digits, a vector repeats
# its key.
.opts <- function(...) {
  v <- list(...)
  out <- character()
  for (key in names(v)) {
    for (x in as.list(v[[key]])) {
      if (is.na(x) || isFALSE(x)) next
      val <- if (isTRUE(x)) "YES"
             else if (is.numeric(x)) format(x, digits = 15, scientific = FALSE, trim = TRUE)
             else as.character(x)
      out <- c(out, paste0(key, "=", val))
    }
  }
  if (length(out)) out
}

.handle <- function(ptr, ctx, class) structure(list(ptr = ptr, ctx = ctx), class = class)

close.coterm_layer <- function(con, ...) invisible(.Call(C_close_handle, con$ptr))
close.coterm_pop <- function(con, ...) invisible(.Call(C_close_handle, con$ptr))

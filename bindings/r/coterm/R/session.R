# One command's inputs: opened in the caller's context, or in a context of
# its own; what the command opened is freed when it returns (handles the
# caller passed stay open).

.session <- function(ctx, threads, call, crs = NULL, assume_crs = NULL, strict = FALSE) {
  io <- new.env(parent = emptyenv())
  if (is.null(ctx)) {
    io$ctx <- coterm_context(threads = threads)
    io$own_ctx <- TRUE
  } else {
    .need_context(ctx)
    if (!is.null(threads)) .stop_invalid("coterm: give threads to coterm_context(), not with ctx")
    io$ctx <- ctx
    io$own_ctx <- FALSE
  }
  io$opened <- list()
  io$call <- call
  io$common <- list(crs = crs, assume_crs = assume_crs, strict = strict)
  io$since <- nrow(io$ctx$diagnostics)
  io
}

.session_close <- function(io) {
  if (io$own_ctx) return(close(io$ctx))  # frees everything opened in it
  for (h in rev(io$opened)) close(h)
}

.own <- function(io, h, given) {
  if (!identical(h, given)) io$opened[[length(io$opened) + 1L]] <- h
  h
}

.layer <- function(io, source, label, id = NULL, name = NULL, dissolve = FALSE) {
  h <- .open_layer(io$ctx, source, id, name, io$common$crs, io$common$assume_crs, dissolve,
                   io$common$strict, paste("sf", label), io$call)
  .own(io, h, source)
}

# pop: NULL for the embedded base, FALSE for none (area only), a layer spec
# with pop_field, or a coterm_pop of this context.
.pop <- function(io, pop, pop_field = NULL, pop_id = NULL) {
  if (isFALSE(pop)) return(NULL)
  h <- .open_pop(io$ctx, if (isTRUE(pop)) NULL else pop, pop_field, pop_id, io$common$crs,
                 io$common$assume_crs, io$common$strict, io$call)
  .own(io, h, pop)
}

.ptr <- function(h) if (is.null(h)) NULL else h$ptr

# Run a command routine fn(ctx, ..., opts) and convert its result; the
# result lists the diagnostics since the session began (opening included).
.run <- function(io, fn, ..., opts = NULL) {
  r <- .check(io$ctx, .Call(fn, io$ctx$ptr, ..., opts), io$call)
  on.exit(.Call(C_close_handle, r))
  d <- io$ctx$diagnostics
  d <- d[seq_len(nrow(d)) > io$since, , drop = FALSE]
  rownames(d) <- NULL
  .result(.Call(C_result_contents, r), d)
}

# Conditions: a failed call signals an error of class "coterm_error" and the
# subclass of its ct_status (carrying the library's message, the status code
# and its C name); the library's diagnostics (repairs, warnings) are R
# warnings of class "coterm_warning" ("coterm_repair" for repairs).

# by ct_status code (include/coterm/ct_common.h), which is never renumbered
.ERROR_CLASSES <- c("coterm_error_nomem", "coterm_error_invalid", "coterm_error_io",
                    "coterm_error_format", "coterm_error_crs", "coterm_error_geometry",
                    "coterm_error_data", "coterm_error_dependency", "coterm_error_internal")
.STATUS_NAMES <- c("CT_ENOMEM", "CT_EINVAL", "CT_EIO", "CT_EFORMAT", "CT_ECRS", "CT_EGEOM",
                   "CT_EDATA", "CT_EDEP", "CT_EINTERNAL")

.coterm_error <- function(message, status, status_name = .STATUS_NAMES[status], call = NULL) {
  sub <- if (status >= 1L && status <= length(.ERROR_CLASSES)) .ERROR_CLASSES[status]
  structure(class = c(sub, "coterm_error", "error", "condition"),
            list(message = message, call = call, status = as.integer(status),
                 status_name = status_name))
}

# Errors the R code raises itself, worded like the library's
.stop_invalid <- function(...) stop(.coterm_error(paste0(...), 2L))
.stop_format <- function(...) stop(.coterm_error(paste0(...), 4L))

.warn_diagnostic <- function(kind, message, call) {
  cls <- c(if (kind == "repair") "coterm_repair", "coterm_warning", "warning", "condition")
  warning(structure(class = cls, list(message = message, call = call)))
}

# x is what a .Call routine returned: signal the failure it describes, if any
.stop_if_failed <- function(x, call = NULL) {
  if (inherits(x, "coterm_failure"))
    stop(.coterm_error(x$message, x$status, x$status_name, call))
  x
}

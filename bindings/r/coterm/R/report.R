# The boundary-fit report (coterm report): pages, maps, report.json and
# tables written into a directory, made step by step (with progress).

report <- function(out = "report", config = NULL, blocks = NULL, tiers = NULL, system = NULL,
                   systems = NULL, subs = NULL, upper = NULL, lower = NULL, title = NULL,
                   pdf = FALSE, chromium = NULL, compare = NULL, method = "auto",
                   tolerance = 0.01, progress = interactive(), threads = NULL, ctx = NULL) {
  if (!is.null(tiers) && (!is.list(tiers) || inherits(tiers, "sf") || is.null(names(tiers))))
    .stop_invalid("coterm: tiers is a named list of layers, top tier first")
  io <- .session(ctx, threads, sys.call())
  on.exit(.session_close(io))
  if (!.Call(C_report_available))
    .stop_invalid("coterm: libcoterm ", coterm_version(), " has no report (ct_report_job_new)")
  tier_opts <- if (length(tiers)) paste0(names(tiers), "=", .tier_specs(tiers))
  opts <- c(.opts(CONFIG = if (!is.null(config)) path.expand(config), BLOCKS = blocks,
                  SYSTEM = system, SYSTEMS = systems, SUBS = subs, UPPER = upper,
                  LOWER = lower, TITLE = title, PDF = isTRUE(pdf), CHROMIUM = chromium,
                  COMPARE = if (!is.null(compare)) path.expand(compare),
                  METHOD = method, TOLERANCE = tolerance, TIER = tier_opts))
  dir <- path.expand(out)
  job <- .check(io$ctx, .Call(C_report_new, io$ctx$ptr, dir, opts), io$call)
  steps <- .Call(C_report_steps, job)
  for (i in seq_along(steps)) {
    if (progress) message(sprintf("coterm report: [%d/%d] %s", i, length(steps), steps[i]))
    .check(io$ctx, .Call(C_report_step, io$ctx$ptr, job), io$call)
  }
  info <- .Call(C_report_info, job)
  d <- io$ctx$diagnostics
  d <- d[seq_len(nrow(d)) > io$since, , drop = FALSE]
  rownames(d) <- NULL
  structure(list(out = dir, page = file.path(dir, info$page), data = .parse_json(info$json)),
            class = "coterm_report", diagnostics = d)
}

# Tier layers as specs: paths and built-in names as they are; sf objects
# written to a temporary GeoPackage (one layer per tier), removed when R
# ends.
.tier_specs <- function(tiers) {
  gpkg <- NULL
  vapply(names(tiers), function(name) {
    x <- tiers[[name]]
    if (is.character(x) && length(x) == 1L) return(x)
    if (!inherits(x, "sf"))
      .stop_invalid("coterm: a report tier is a path, a built-in layer name or an sf object, ",
                    "not ", .what(x))
    if (is.null(gpkg)) gpkg <<- tempfile("coterm_tiers", fileext = ".gpkg")
    sf::st_write(x, gpkg, layer = name, quiet = TRUE)
    paste0(gpkg, ":", name)
  }, character(1))
}

print.coterm_report <- function(x, ...) {
  cat(sprintf("<coterm report in %s: open %s>\n", x$out, x$page))
  invisible(x)
}

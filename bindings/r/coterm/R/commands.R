# The commands: each opens its inputs in a session, runs one libcoterm
# function and converts the result. Arguments map one to one onto the CLI's
# options (docs/r.md).

fit <- function(a, b, method = "auto", tolerance = 0.01, pop = NULL, pop_field = NULL,
                a_id = NULL, b_id = NULL, crs = NULL, assume_crs = NULL, dissolve = FALSE,
                strict = FALSE, a_name = NULL, b_name = NULL, pop_id = NULL, threads = NULL,
                ctx = NULL) {
  io <- .session(ctx, threads, sys.call(), crs, assume_crs, strict)
  on.exit(.session_close(io))
  la <- .layer(io, a, "a", a_id, a_name, dissolve)
  lb <- .layer(io, b, "b", b_id, b_name, dissolve)
  p <- .pop(io, pop, pop_field, pop_id)
  .run(io, C_fit, la$ptr, lb$ptr, .ptr(p), opts = .opts(METHOD = method, TOLERANCE = tolerance))
}

bestfit <- function(small, big, method = "auto", tolerance = 0.01, pop = NULL,
                    pop_field = NULL, small_id = NULL, big_id = NULL, crs = NULL,
                    assume_crs = NULL, dissolve = FALSE, strict = FALSE, small_name = NULL,
                    big_name = NULL, pop_id = NULL, threads = NULL, ctx = NULL) {
  io <- .session(ctx, threads, sys.call(), crs, assume_crs, strict)
  on.exit(.session_close(io))
  ls <- .layer(io, small, "small", small_id, small_name, dissolve)
  lb <- .layer(io, big, "big", big_id, big_name, dissolve)
  p <- .pop(io, pop, pop_field, pop_id)
  r <- .run(io, C_bestfit, ls$ptr, lb$ptr, .ptr(p),
            opts = .opts(METHOD = method, TOLERANCE = tolerance))
  structure(r$bestfit, summary = r$summary, diagnostics = diagnostics(r))
}

layers <- function(ctx = NULL) {
  io <- .session(ctx, NULL, sys.call())
  on.exit(.session_close(io))
  .frame(.check(io$ctx, .Call(C_layers_list, io$ctx$ptr), io$call))
}

check <- function(config = NULL, tiers = NULL, blocks = NULL, against = NULL, method = "auto",
                  tolerance = 0.01, bands = NULL, pop = NULL, pop_field = NULL,
                  blocks_id = NULL, crs = NULL, assume_crs = NULL, strict = FALSE,
                  blocks_name = NULL, pop_id = NULL, dissolve = FALSE, ignore = NULL,
                  tier_ids = NULL, tier_names = NULL, threads = NULL, ctx = NULL) {
  if (is.null(config) == is.null(tiers))
    .stop_invalid("coterm: check takes either config or tiers")
  if (!is.null(tiers) && (!is.list(tiers) || inherits(tiers, "sf") || is.null(names(tiers)) ||
                          any(!nzchar(names(tiers)))))
    .stop_invalid("coterm: tiers is a named list of layers, top tier first")
  if (is.null(tiers) && (length(tier_ids) || length(tier_names)))
    .stop_invalid("coterm: tier_ids and tier_names apply to tiers")
  if (is.null(config) && length(ignore))
    .stop_invalid("coterm: ignore applies to config")
  for (k in c(names(tier_ids), names(tier_names)))
    if (!k %in% names(tiers)) .stop_invalid("coterm: '", k, "' is not a tier")
  opts <- .opts(METHOD = method, TOLERANCE = tolerance, IGNORE = ignore)
  for (tier in names(bands)) {
    b <- bands[[tier]]
    if (length(b) != 2L) .stop_invalid("coterm: bands$", tier, " is c(min, max) (NA: open)")
    side <- function(v) if (is.na(v)) "" else format(v, digits = 15, scientific = FALSE)
    opts <- c(opts, sprintf("BAND_%s=%s:%s", tier, side(b[[1]]), side(b[[2]])))
  }
  io <- .session(ctx, threads, sys.call(), crs, assume_crs, strict)
  on.exit(.session_close(io))
  ag <- if (!is.null(against)) {
    if (inherits(against, "sf") || !is.list(against) && !is.character(against))
      .stop_invalid("coterm: against is a list of layers (list() for none)")
    lapply(seq_along(against),
           function(i) .layer(io, against[[i]], paste("against", i), dissolve = dissolve)$ptr)
  }
  if (!is.null(config)) {
    # blocks_id, blocks_name and dissolve also apply to the default ltla21
    if (is.null(blocks) && (!is.null(blocks_id) || !is.null(blocks_name) || isTRUE(dissolve)))
      blocks <- "ltla21"
    bl <- if (!is.null(blocks)) .layer(io, blocks, "blocks", blocks_id, blocks_name, dissolve)
    p <- .pop(io, pop, pop_field, pop_id)
    return(.run(io, C_check, path.expand(config), .ptr(bl), ag, .ptr(p), opts = opts))
  }
  tl <- lapply(names(tiers), function(n)
    .layer(io, tiers[[n]], n, tier_ids[[n]], tier_names[[n]], dissolve)$ptr)
  p <- .pop(io, pop, pop_field, pop_id)
  .run(io, C_check_tiers, names(tiers), tl, ag, .ptr(p), opts = opts)
}

flows <- function(flows = NULL, origins = "ltla21", systems = "stp21", threshold = 0.05,
                  places = NULL, orgs = NULL, pop = NULL, providers_csv = NULL, sites = NULL,
                  min_containment = NULL, share_tolerance = NULL, renormalise = FALSE,
                  drop_unknown = FALSE, orgs_units = NULL, councils = NULL,
                  commissioners = NULL, tolerance = NULL, crs = NULL, threads = NULL,
                  ctx = NULL) {
  opts <- .opts(THRESHOLD = threshold, PLACES = places, ORGS = orgs,
                PROVIDERS_CSV = providers_csv, SITES = sites, MIN_CONTAINMENT = min_containment,
                SHARE_TOLERANCE = share_tolerance, RENORMALISE = isTRUE(renormalise),
                DROP_UNKNOWN = isTRUE(drop_unknown), ORGS_UNITS = orgs_units,
                COUNCILS = councils, COMMISSIONERS = commissioners, TOLERANCE = tolerance)
  io <- .session(ctx, threads, sys.call(), crs)
  on.exit(.session_close(io))
  lo <- .layer(io, origins, "origins")
  ls <- .layer(io, systems, "systems")
  p <- .pop(io, pop)
  .run(io, C_flows, if (!is.null(flows)) path.expand(flows), lo$ptr, ls$ptr, .ptr(p),
       opts = opts)
}

pcn <- function(membership = NULL, practices = NULL, catchments = NULL, registrations = NULL,
                places = NULL, tolerance = 0.05, band = NULL, pop = NULL,
                reg_area_field = NULL, reg_pcn_field = NULL, reg_areas = NULL, ltla = NULL,
                utla = NULL, ccg = NULL, system = NULL, place_field = NULL, crs = NULL,
                threads = NULL, ctx = NULL) {
  if (!is.null(band) && length(band) != 2L) .stop_invalid("coterm: band is c(low, high)")
  opts <- .opts(MEMBERSHIP = membership, PRACTICES = practices, CATCHMENTS = catchments,
                REGISTRATIONS = registrations, REG_AREA_FIELD = reg_area_field,
                REG_PCN_FIELD = reg_pcn_field, REG_AREAS = reg_areas, LTLA = ltla,
                UTLA = utla, CCG = ccg, SYSTEM = system, PLACES = places,
                PLACE_FIELD = place_field, TOLERANCE = tolerance,
                BAND = if (!is.null(band)) paste(format(band, scientific = FALSE, trim = TRUE),
                                                 collapse = ":"))
  io <- .session(ctx, threads, sys.call(), crs)
  on.exit(.session_close(io))
  p <- .pop(io, pop)
  .run(io, C_pcn, .ptr(p), opts = opts)
}

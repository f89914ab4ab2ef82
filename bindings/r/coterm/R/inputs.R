# Inputs: layers from paths, built-in names or sf objects; population bases.

# Open a layer in ctx. source: "PATH[:LAYER]", a built-in name (layers()),
# an sf object or a coterm_layer of ctx.
coterm_layer <- function(ctx, source, id = NULL, name = NULL, crs = NULL, assume_crs = NULL,
                         dissolve = FALSE, strict = FALSE, label = NULL) {
  .open_layer(ctx, source, id, name, crs, assume_crs, dissolve, strict, label, sys.call())
}

.open_layer <- function(ctx, source, id, name, crs, assume_crs, dissolve, strict, label, call) {
  .need_context(ctx)
  if (inherits(source, "coterm_layer")) {
    if (!identical(source$ctx, ctx))
      .stop_invalid("coterm: a layer can only be used with the context that made it")
    return(source)
  }
  opts <- list(ASSUME_CRS = assume_crs, CRS = crs, DISSOLVE = isTRUE(dissolve),
               STRICT = isTRUE(strict))
  if (inherits(source, "sf")) {
    ptr <- .from_sf(ctx, source, if (is.null(label)) "sf" else label, id, name, opts)
  } else if (is.character(source) && length(source) == 1L && !is.na(source)) {
    o <- do.call(.opts, c(opts, list(ID_FIELD = id, NAME_FIELD = name)))
    ptr <- .Call(C_layer_open, ctx$ptr, source, o)
  } else {
    .stop_invalid("coterm: a layer is a path, a built-in layer name or an sf object, not ",
                  .what(source))
  }
  .handle(.check(ctx, ptr, call), ctx, "coterm_layer")
}

# Open a population base in ctx: NULL (or "lsoa11") for the embedded LSOA
# 2011 base, else a polygon layer spec with the population field pop_field.
coterm_pop <- function(ctx, spec = NULL, pop_field = NULL, id = NULL, crs = NULL,
                       assume_crs = NULL, strict = FALSE) {
  .open_pop(ctx, spec, pop_field, id, crs, assume_crs, strict, sys.call())
}

.open_pop <- function(ctx, spec, pop_field, id, crs, assume_crs, strict, call) {
  .need_context(ctx)
  if (inherits(spec, "coterm_pop")) {
    if (!identical(spec$ctx, ctx))
      .stop_invalid("coterm: a population base can only be used with the context that made it")
    return(spec)
  }
  if (!is.null(spec) && !(is.character(spec) && length(spec) == 1L))
    .stop_invalid("coterm: a population base is a layer spec (\"PATH[:LAYER]\" with ",
                  "pop_field) or NULL for the embedded one, not ", .what(spec))
  o <- .opts(ASSUME_CRS = assume_crs, CRS = crs, STRICT = isTRUE(strict),
             POP_FIELD = pop_field, ID_FIELD = id)
  .handle(.check(ctx, .Call(C_pop_open, ctx$ptr, spec, o), call), ctx, "coterm_pop")
}

.need_context <- function(ctx) {
  if (!inherits(ctx, "coterm_context"))
    .stop_invalid("coterm: expected a coterm_context (coterm_context()), not ", .what(ctx))
}

.what <- function(x) paste0("an object of class ", class(x)[1])

as.data.frame.coterm_layer <- function(x, ...) {
  info <- .Call(C_layer_info, x$ptr)
  data.frame(id = info$id, name = info$name, area_m2 = info$area_m2, stringsAsFactors = FALSE)
}

print.coterm_layer <- function(x, ...) {
  if (!.Call(C_is_open, x$ptr)) {
    cat("<coterm layer (closed)>\n")
  } else {
    info <- .Call(C_layer_info, x$ptr)
    cat(sprintf("<coterm layer %s: %d units, id %s, %s>\n", info$source, length(info$id),
                info$id_field, info$crs))
  }
  invisible(x)
}

print.coterm_pop <- function(x, ...) {
  if (!.Call(C_is_open, x$ptr)) {
    cat("<coterm population base (closed)>\n")
  } else {
    info <- .Call(C_pop_info, x$ptr)
    cat(sprintf("<coterm population base: %.0f areas, total %.0f>\n", info$size, info$total))
  }
  invisible(x)
}

# The id and name columns of an sf object by the library's rule for files:
# the single *_code / code / id column (else unit, as in check's tiers.gpkg),
# and X_name for X_code, else name.
.pick_columns <- function(x, label, id, name) {
  cols <- setdiff(names(x), attr(x, "sf_column"))
  fields <- paste(cols, collapse = ", ")
  if (!is.null(id)) {
    if (!id %in% cols) .stop_format(label, ": no id field '", id, "' (fields: ", fields, ")")
  } else {
    found <- cols[grepl("_code$", cols, ignore.case = TRUE) | tolower(cols) %in% c("code", "id")]
    if (!length(found)) found <- cols[tolower(cols) == "unit"][1L]
    if (length(found) != 1L || is.na(found))
      .stop_format(label, ": ", if (length(found) > 1L) "several" else "no",
                   " id field (*_code, code, id or unit); choose one with an id argument ",
                   "(fields: ", fields, ")")
    id <- found
  }
  if (is.null(name)) {
    want <- if (grepl("_code$", id, ignore.case = TRUE)) paste0(substr(id, 1, nchar(id) - 5), "_name")
    name <- if (!is.null(want) && want %in% cols) want else if ("name" %in% cols) "name"
  } else if (!name %in% cols) {
    .stop_format(label, ": no name field '", name, "' (fields: ", fields, ")")
  }
  list(id = id, name = name)
}

.cells <- function(v) {
  if (is.numeric(v)) {
    out <- format(v, digits = 15, scientific = FALSE, trim = TRUE)
    out[is.na(v)] <- NA_character_
    return(out)
  }
  as.character(v)
}

# The CRS as the library reads it: "EPSG:N" when sf knows the code, else WKT.
.crs_text <- function(crs) {
  if (is.na(crs)) return(NULL)
  if (!is.na(crs$epsg)) paste0("EPSG:", crs$epsg) else crs$wkt
}

# Geometries go to ct_layer_from_wkb as 2D WKB with their CRS.
.from_sf <- function(ctx, x, label, id, name, opts) {
  cols <- .pick_columns(x, label, id, name)
  geom <- sf::st_zm(sf::st_geometry(x))
  wkb <- unclass(sf::st_as_binary(geom, EWKB = FALSE))
  names <- if (!is.null(cols$name)) .cells(x[[cols$name]])
  o <- do.call(.opts, opts)
  .Call(C_layer_from_wkb, ctx$ptr, label, .cells(x[[cols$id]]), names, wkb,
        .crs_text(sf::st_crs(x)), o)
}

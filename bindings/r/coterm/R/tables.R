# Results: ct_table -> data.frame (sf when it carries geometry), JSON
# documents -> lists, ct_result -> a "coterm_result" list of both.

# cols: a table from C (src/convert.c), a named list of columns with the
# attributes nrow and, for geometry tables, geometry and crs.
.frame <- function(cols) {
  geometry <- attr(cols, "geometry")
  crs <- attr(cols, "crs")
  n <- attr(cols, "nrow")
  attributes(cols) <- list(names = names(cols))
  df <- structure(cols, class = "data.frame", row.names = .set_row_names(n))
  if (is.null(geometry)) return(df)
  # a row without geometry gets an empty one (sf has no missing geometries)
  empty <- as.raw(c(1, 7, 0, 0, 0, 0, 0, 0, 0))
  wkb <- lapply(df[[geometry]], function(b) if (is.null(b)) empty else b)
  df[[geometry]] <- sf::st_as_sfc(structure(wkb, class = "WKB"),
                                  crs = if (nzchar(crs)) sf::st_crs(crs) else NA)
  sf::st_sf(df, sf_column_name = geometry)
}

.set_row_names <- function(n) if (n > 0L) c(NA_integer_, -n) else integer()

# JSON objects become named lists, arrays of scalars vectors (null: NA).
.parse_json <- function(text)
  jsonlite::fromJSON(text, simplifyVector = TRUE, simplifyDataFrame = FALSE,
                     simplifyMatrix = FALSE)

# A document named like a table (check's findings) is listed as NAME.json,
# the name of the file the CLI writes it to.
.result <- function(contents, diagnostics) {
  tables <- lapply(contents$tables, .frame)
  docs <- lapply(contents$docs, .parse_json)
  clash <- names(docs) %in% names(tables)
  names(docs)[clash] <- paste0(names(docs)[clash], ".json")
  structure(c(tables, docs), class = "coterm_result", tables = names(tables),
            documents = names(docs), diagnostics = diagnostics)
}

# r$name is exact, and an error for a name the result lacks.
`$.coterm_result` <- function(x, name) {
  if (!name %in% names(x))
    .stop_invalid("coterm: this result has no table or document '", name, "' (it has ",
                  paste(names(x), collapse = ", "), ")")
  x[[name]]
}

print.coterm_result <- function(x, ...) {
  tables <- attr(x, "tables")
  parts <- c(vapply(tables, function(t) sprintf("%s: %d rows", t, nrow(x[[t]])), ""),
             sprintf("%s: document", attr(x, "documents")))
  cat("<coterm result> ", paste(parts, collapse = "; "), "\n", sep = "")
  d <- attr(x, "diagnostics")
  if (NROW(d)) cat(sprintf("%d diagnostics (diagnostics(x))\n", nrow(d)))
  invisible(x)
}

# Shared by the tests: the source tree, the CLI, and comparisons of R
# results with the files the CLI writes.
#
# meson test sets COTERM_SOURCE_ROOT, COTERM_BIN, COTERM_DATA and
# COTERM_LIBRARY; tests that need the source tree or the CLI are skipped
# without them (as under R CMD check against an installed libcoterm).

source_root <- function() {
  root <- Sys.getenv("COTERM_SOURCE_ROOT")
  if (nzchar(root) && dir.exists(root)) root
}

source_file <- function(...) {
  root <- source_root()
  if (is.null(root)) skip("needs the coterm source tree (COTERM_SOURCE_ROOT)")
  file.path(root, ...)
}

coterm_bin <- function() {
  bin <- Sys.getenv("COTERM_BIN")
  if (!nzchar(bin) || file.access(bin, 1) != 0) skip("no coterm CLI (COTERM_BIN)")
  bin
}

# Run the CLI: list(status, stdout, stderr) as lines.
run_cli <- function(...) {
  out <- tempfile()
  err <- tempfile()
  on.exit(unlink(c(out, err)))
  status <- system2(coterm_bin(), shQuote(c(...)), stdout = out, stderr = err)
  list(status = status, stdout = readLines(out, encoding = "UTF-8"),
       stderr = readLines(err, encoding = "UTF-8"))
}

# The value of expr and the messages of the coterm warnings it issued.
with_warnings <- function(expr) {
  warned <- character()
  value <- withCallingHandlers(expr, coterm_warning = function(w) {
    warned <<- c(warned, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  list(value = value, warnings = warned)
}

# The CLI's "coterm: warning:" lines, without the prefix.
cli_warnings <- function(stderr) {
  prefix <- "coterm: warning: "
  substring(grep(prefix, stderr, fixed = TRUE, value = TRUE), nchar(prefix) + 1)
}

# A CLI CSV (a file, or lines of standard output) with every cell as text.
read_cli_csv <- function(path = NULL, lines = NULL) {
  con <- if (is.null(lines)) path else textConnection(lines)
  utils::read.csv(con, colClasses = "character", na.strings = character(), check.names = FALSE,
                  encoding = "UTF-8")
}

# The frame has the CSV's columns and rows: text equal, numbers equal to
# the 15 significant digits the CSV carries (missing where the cell is empty).
expect_frame_matches_csv <- function(df, csv, what = "") {
  df <- sf::st_drop_geometry(df)
  expect_identical(names(df), names(csv), label = paste(what, "columns"))
  expect_identical(nrow(df), nrow(csv), label = paste(what, "rows"))
  for (col in names(csv)) {
    got <- df[[col]]
    if (is.character(got)) {
      expect_identical(got, csv[[col]], label = paste(what, col))
      next
    }
    want <- suppressWarnings(as.numeric(csv[[col]]))
    expect_identical(is.na(got), csv[[col]] == "", label = paste(what, col, "missing"))
    ok <- is.na(want) | abs(got - want) <= 1e-14 * abs(want)
    expect_true(all(ok), label = sprintf("%s %s: %d of %d values equal", what, col, sum(ok),
                                         length(ok)))
  }
}

# Every table and document the CLI wrote into dir equals the R result's:
# NAME.csv a table, NAME.json a document, each layer of a .gpkg a geometry
# table (sf) with the same attributes and the same geometries.
expect_result_matches_cli <- function(r, dir) {
  files <- list.files(dir)
  expect_true(length(files) > 0)
  for (f in files) {
    path <- file.path(dir, f)
    name <- tools::file_path_sans_ext(f)
    ext <- tools::file_ext(f)
    if (ext == "csv") {
      expect_frame_matches_csv(r[[name]], read_cli_csv(path), f)
    } else if (ext == "json") {
      doc <- if (name %in% attr(r, "tables")) paste0(name, ".json") else name
      expect_identical(r[[doc]], coterm:::.parse_json(readLines(path, encoding = "UTF-8")),
                       label = f)
    } else if (ext == "gpkg") {
      for (layer in sf::st_layers(path)$name) {
        want <- sf::st_read(path, layer, quiet = TRUE)
        got <- r[[layer]]
        expect_s3_class(got, "sf")
        expect_identical(nrow(got), nrow(want), label = paste(f, layer, "rows"))
        expect_identical(sf::st_crs(got)$epsg, sf::st_crs(want)$epsg)
        expect_equal(as.numeric(sf::st_area(got)), as.numeric(sf::st_area(want)),
                     tolerance = 1e-12, label = paste(f, layer, "areas"))
        # the same vertices in the same order (OGR may write a polygon as a
        # multipolygon: compare the coordinates of each feature)
        xy <- function(x) lapply(sf::st_geometry(x), function(g) unlist(g, use.names = FALSE))
        same <- mapply(identical, xy(got), xy(want))
        expect_true(all(same), label = sprintf("%s %s: %d of %d geometries equal", f, layer,
                                               sum(same), length(same)))
      }
    }
  }
}

# Run the CLI with args and --out DIR -q, then expr: the R result equals
# every file the CLI wrote, and its warnings the CLI's warning lines. Returns
# the result.
expect_same_as_cli <- function(args, expr) {
  out <- tempfile("cli")
  res <- run_cli(args, "--out", out, "-q")
  expect_identical(res$status, 0L, label = paste(res$stderr, collapse = "\n"))
  run <- with_warnings(expr)
  expect_result_matches_cli(run$value, out)
  expect_identical(run$warnings, cli_warnings(res$stderr))
  expect_identical(diagnostics(run$value)$message, run$warnings)
  run$value
}

# Built-in layers as sf, read from the data directory the library uses.
builtin_sf <- function(name) {
  src <- layers()$source[layers()$name == name]
  cut <- regexpr(":[^:]*$", src)
  sf::st_read(substr(src, 1, cut - 1), substr(src, cut + 1, nchar(src)), quiet = TRUE)
}

# Three 100 m squares A1..A3 side by side from (400000, 300000) in EPSG:27700;
# B1 covers A1 and half of A2 (150 x 100 m), B2 the other half (50 x 100 m);
# A3 touches no B (the squares of tests/cases/python).
squares <- function() {
  box <- function(x0, x1) {
    x <- 400000 + c(x0, x1, x1, x0, x0)
    y <- 300000 + c(0, 0, 100, 100, 0)
    sf::st_polygon(list(cbind(x, y)))
  }
  a <- sf::st_sf(sq_code = c("A1", "A2", "A3"),
                 sq_name = c("Square one", "Square two", "Square three"),
                 geometry = sf::st_sfc(box(0, 100), box(100, 200), box(200, 300), crs = 27700))
  b <- sf::st_sf(sq_code = c("B1", "B2"),
                 geometry = sf::st_sfc(box(0, 150), box(150, 200), crs = 27700))
  list(a = a, b = b)
}

ENGLAND_POP <- 56550138  # ONS mid-2020 population of England

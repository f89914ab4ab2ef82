/* Text encodings: input files must reach outputs as valid UTF-8 (JSON and
 * GeoPackage require it). Spreadsheets on Windows save CSV as Windows-1252,
 * which is converted; text in neither encoding is refused. */
#ifndef COTERM_TEXT_H
#define COTERM_TEXT_H

#include "core.h"

/* Whether s is valid UTF-8 (no overlongs, surrogates or code points above
 * U+10FFFF). */
bool ct__utf8_valid(const char *s);
/* Whether every byte of s has a character in Windows-1252 (all but 0x81,
 * 0x8D, 0x8F, 0x90, 0x9D); *bad gets the first that has none. */
bool ct__cp1252_valid(const char *s, unsigned char *bad);
/* s read as Windows-1252, in UTF-8 (new string; NULL: no memory). Bytes
 * without a character become U+FFFD. */
char *ct__cp1252_to_utf8(const char *s);

/* Make n strings (row-major, per_row a row; 0: not rows) of one file valid
 * UTF-8: all ASCII or UTF-8, unchanged; else, when every string is
 * Windows-1252, each is converted (strings freed with free() and replaced)
 * and a warning names the file; else CT_EFORMAT naming file, row and byte.
 * NULL entries are skipped. */
ct_status ct__utf8_strings(ct_ctx *ctx, char **v, size_t n, size_t per_row, const char *source);

#endif

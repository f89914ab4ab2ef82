/* Compiles one public header alone: tests/headertest.sh builds this file
 * once per header under include/ with -DCT_HEADER=<that header> and
 * -std=c11 -pedantic -Werror, so each header includes what it needs and
 * uses only ISO C (plus the export attribute). */
#ifndef CT_HEADER
#error "define CT_HEADER, e.g. -DCT_HEADER='<coterm/ct_fit.h>'"
#endif
#include CT_HEADER
#include CT_HEADER /* and twice: include guards */

typedef int ct_headertest_nonempty; /* ISO C forbids an empty unit */

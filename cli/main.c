/* coterm: command-line front end over the public API. */
#include "cli.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: coterm COMMAND [options]\n"
    "commands:\n"
    "  fit A B [--out DIR]          overlay two layers and measure their fit\n"
    "  bestfit SMALL BIG [--out F]  best-fit lookup of small units to big units\n"
    "  check CONFIG [--out DIR]     check a place configuration's tiers and findings\n"
    "  flows [--out DIR]            patient flows, multi-system members, containment\n"
    "  compare BASE PROPOSED        two configurations side by side and their differences\n"
    "  whatif CONFIG --move B=T:U   try moves of blocks and compare\n"
    "  suggest CONFIG --tier T --against L --out DIR  moves that improve a tier's fit\n"
    "  layers                       list the built-in layers\n"
    "  pcn --out DIR                PCN neighbourhood footprints and their fit\n"
    "  report [--out DIR]           the boundary-fit report: pages, maps, report.json\n"
    "  version                      print the version\n"
    "'coterm COMMAND --help' for a command's options.\n"
    "Exit status: 0 ran, 1 usage error, 2 bad input or failure.\n";

/* Interrupted or terminated: no half-written output stays; then die of the
 * signal as if unhandled, so the caller sees it. */
static void on_signal(int sig)
{
    ct_outputs_abort();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void handle_signals(void)
{
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa = {.sa_handler = on_signal}, old;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        /* a signal ignored by whoever started us (a background job) stays so */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
    /* past a file-size limit a write fails (EFBIG) and is reported like a
     * full disk, instead of the signal killing the run */
    signal(SIGXFSZ, SIG_IGN);
}

int main(int argc, char **argv)
{
    handle_signals();
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "fit"))
        return cmd_fit(argc - 1, argv + 1);
    if (!strcmp(cmd, "bestfit"))
        return cmd_bestfit(argc - 1, argv + 1);
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "pcn"))
        return cmd_pcn(argc - 1, argv + 1);
    if (!strcmp(cmd, "flows"))
        return cmd_flows(argc - 1, argv + 1);
    if (!strcmp(cmd, "compare"))
        return cmd_compare(argc - 1, argv + 1);
    if (!strcmp(cmd, "whatif"))
        return cmd_whatif(argc - 1, argv + 1);
    if (!strcmp(cmd, "suggest"))
        return cmd_suggest(argc - 1, argv + 1);
    if (!strcmp(cmd, "report"))
        return cmd_report(argc - 1, argv + 1);
    if (!strcmp(cmd, "layers"))
        return cmd_layers(argc - 1, argv + 1);
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("coterm %s\n", ct_version());
        return EXIT_OK;
    }
    fprintf(stderr, "coterm: unknown command '%s'\n%s", cmd, usage);
    return EXIT_USAGE;
}

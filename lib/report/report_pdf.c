/* report.pdf: every page of the report in one printable document, printed
 * by headless Chromium (Debian's chromium) when it is installed. */
#include "report_html.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define TIMEOUT_S 300

/* The first of names that is an executable on PATH (caller frees). */
static char *find_program(const char *const *names)
{
    const char *path = getenv("PATH");
    for (size_t k = 0; names[k]; k++) {
        if (strchr(names[k], '/'))
            return access(names[k], X_OK) ? NULL : ct__strdup(names[k]);
        for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
            const char *end = strchr(p, ':');
            size_t n = end ? (size_t)(end - p) : strlen(p);
            char *full = ct__sprintf("%.*s/%s", (int)n, p, names[k]);
            if (full && !access(full, X_OK))
                return full;
            free(full);
            p += n + (end ? 1 : 0);
        }
    }
    return NULL;
}

/* Remove a directory tree Chromium made (its profile). */
static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *p = ct__sprintf("%s/%s", path, e->d_name);
        struct stat sb;
        if (p && lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
            remove_tree(p);
        else if (p)
            unlink(p);
        free(p);
    }
    if (d)
        closedir(d);
    rmdir(path);
}

/* index and every system page in one document, each starting a new page. */
static ct_status print_doc(ct_report_job *r, const char *path)
{
    ct__buf b = {0};
    ct__html_head(&b, json_string_value(json_object_get(r->model, "title")));
    r->print = true;
    ct_status st = r->only == CT__NONE ? ct__report_index_html(r, &b) : CT_OK;
    size_t ns = json_array_size(json_object_get(r->model, "systems"));
    for (size_t s = 0; !st && s < ns; s++) {
        if (r->only != CT__NONE && s != r->only)
            continue;
        if (b.n)
            ct__buf_add(&b, "<div style=\"break-before: page\"></div>\n");
        st = ct__report_system_html(r, s, &b);
    }
    r->print = false;
    ct__html_foot(&b, r);
    if (!st)
        st = ct__buf_status(r->ctx, &b);
    if (!st)
        st = ct__output_text(r->ctx, path, path, b.s); /* a scratch file, not an output */
    ct__buf_free(&b);
    return st;
}

/* Run argv, stdout and stderr to /dev/null; false if it fails or hangs. */
static bool run(char *const *argv)
{
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa))
        return false;
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc)
        return false;
    int status = 0;
    for (int waited = 0;; waited++) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            break;
        if (w < 0 || waited > TIMEOUT_S * 10) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return false;
        }
        nanosleep(&(struct timespec){.tv_nsec = 100000000}, NULL);
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* A ct__output_fn: print.html beside tmp, printed by Chromium into tmp. */
static ct_status print_pdf(ct_ctx *ctx, const char *tmp, const char *target, const void *arg)
{
    ct_report_job *r = (ct_report_job *)arg;
    const char *tmpdir = getenv("TMPDIR");
    char *doc = ct__sprintf("%s.print.html", tmp);
    char *profile = ct__sprintf("%s/coterm-chromium-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    char *url = doc ? ct__sprintf("file://%s%s%s", doc[0] == '/' ? "" : getenv("PWD"),
                                  doc[0] == '/' ? "" : "/", doc)
                    : NULL;
    char *a_pdf = ct__sprintf("--print-to-pdf=%s", tmp);
    char *a_prof = profile ? ct__sprintf("--user-data-dir=%s", profile) : NULL;
    ct_status st = doc && profile && url && a_pdf && a_prof ? CT_OK : ct__nomem(ctx);
    if (!st && !mkdtemp(profile)) {
        st = ct__err(ctx, CT_EIO, "%s: cannot create a directory", profile);
        free(profile);
        profile = NULL;
    }
    if (!st)
        st = print_doc(r, doc);
    if (!st) {
        char *argv[] = {r->chromium_exe, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-pdf-header-footer",
                        a_prof, a_pdf, url, NULL};
        struct stat sb;
        if (!run(argv) || stat(tmp, &sb) != 0 || sb.st_size == 0)
            st = ct__err(ctx, CT_EDEP, "%s: %s could not print the pages", target,
                         r->chromium_exe);
    }
    if (doc)
        unlink(doc);
    if (profile)
        remove_tree(profile);
    free(doc);
    free(profile);
    free(url);
    free(a_pdf);
    free(a_prof);
    return st;
}

ct_status ct__report_pdf(ct_report_job *r)
{
    ct_ctx *ctx = r->ctx;
    static const char *const names[] = {"chromium", "chromium-browser", "google-chrome", NULL};
    const char *one[] = {r->chromium, NULL};
    r->chromium_exe = find_program(r->chromium ? one : names);
    if (!r->chromium_exe)
        return ct__diag(ctx, CT_DIAG_WARNING,
                        "report: no PDF: %s was not found (install Debian's chromium package, "
                        "or name the program with CHROMIUM=path); the HTML pages are written",
                        r->chromium ? r->chromium : "chromium");
    char *path = ct__sprintf("%s/report.pdf", r->dir);
    if (!path)
        return ct__nomem(ctx);
    ct__output out = {.path = path, .write = print_pdf, .arg = r};
    ct_status st = ct__write_outputs(ctx, &out, 1);
    free(path);
    if (st == CT_ENOMEM)
        return st;
    /* the pages are written; a failed print is a warning, not a failed report */
    return st ? ct__diag(ctx, CT_DIAG_WARNING, "report: no PDF: %s; the HTML pages are written",
                         ct_errmsg(ctx))
              : CT_OK;
}

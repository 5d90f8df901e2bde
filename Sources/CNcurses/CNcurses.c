#include "CNcurses.h"
#include <ncursesw/term.h>
#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>

WINDOW *rf_stdscr(void) { return stdscr; }
int rf_lines(void) { return LINES; }
int rf_cols(void) { return COLS; }
int rf_has_cursor_addressing(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}
int rf_colors(void) { return COLORS; }
int rf_color_pairs(void) { return COLOR_PAIRS; }
attr_t rf_attr_bold(void) { return A_BOLD; }
attr_t rf_attr_underline(void) { return A_UNDERLINE; }
attr_t rf_attr_reverse(void) { return A_REVERSE; }
attr_t rf_attr_dim(void) { return A_DIM; }
attr_t rf_attr_normal(void) { return A_NORMAL; }
mmask_t rf_mouse_all_events(void) { return ALL_MOUSE_EVENTS; }
mmask_t rf_mouse_button1_pressed(void) { return BUTTON1_PRESSED; }
mmask_t rf_mouse_button1_clicked(void) { return BUTTON1_CLICKED; }
mmask_t rf_mouse_button4_pressed(void) { return BUTTON4_PRESSED; }
mmask_t rf_mouse_button5_pressed(void) { return BUTTON5_PRESSED; }
static int rf_codeset_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "UTF8") == 0);
}

int rf_choose_locale(char *chosen, size_t size) {
    setlocale(LC_ALL, "");  // NULL when the named locale is not installed: everything stays "C"
    char session[256];
    const char *ctype = setlocale(LC_CTYPE, NULL);
    snprintf(session, sizeof session, "%s", ctype != NULL ? ctype : "C");
    if (rf_codeset_is_utf8()) {
        snprintf(chosen, size, "%s", session);
        return 0;
    }
    // No locale at all (or one not installed): the terminal's charset is unknown, and every terminal
    // emulator and SSH client of this century speaks UTF-8. A legacy charset the session named on purpose
    // (en_US.ISO-8859-1) is the terminal's: UTF-8 would be garbage there.
    if (strcmp(session, "C") == 0 || strcmp(session, "POSIX") == 0) {
        static const char *const candidates[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8", NULL};
        for (int i = 0; candidates[i] != NULL; i++) {
            if (setlocale(LC_CTYPE, candidates[i]) != NULL && rf_codeset_is_utf8()) {
                snprintf(chosen, size, "%s", candidates[i]);
                return 1;
            }
        }
        setlocale(LC_CTYPE, session);
    }
    snprintf(chosen, size, "%s", session);
    return 2;
}
int rf_key_resize(void) { return KEY_RESIZE; }
int rf_key_mouse(void) { return KEY_MOUSE; }
FILE *rf_stdout(void) { return stdout; }
FILE *rf_stdin(void) { return stdin; }
int rf_put_cell(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}

SCREEN *rf_newterm(const char *term) { return newterm(term, stdout, stdin); }

int rf_read_key(unsigned int *value) {
    wint_t ch = 0;
    int r = wget_wch(stdscr, &ch);
    if (r == ERR) return 0;
    *value = (unsigned int)ch;
    return r == KEY_CODE_YES ? 2 : 1;
}

int rf_get_mouse(int *x, int *y, unsigned long *bstate) {
    MEVENT ev;
    if (getmouse(&ev) != OK) return 0;
    *x = ev.x;
    *y = ev.y;
    *bstate = (unsigned long)ev.bstate;
    return 1;
}

void rf_mouse(int on) {
    if (on) {
        mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
        mouseinterval(0);
    } else {
        mousemask(0, NULL);
    }
}

attr_t rf_attrs(int flags) {
    attr_t a = A_NORMAL;
    if (flags & 1) a |= A_BOLD;
    if (flags & 2) a |= A_UNDERLINE;
    if (flags & 4) a |= A_REVERSE;
    if (flags & 8) a |= A_DIM;
    return a;
}
int rf_key_code_yes(void) { return KEY_CODE_YES; }
int rf_key_f0(void) { return KEY_F0; }

// ---- The crash guard ----

static const int rf_guarded[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTERM, SIGHUP, SIGQUIT};
#define RF_GUARDED (sizeof rf_guarded / sizeof rf_guarded[0])
static struct sigaction rf_previous[RF_GUARDED];
static int rf_caught[RF_GUARDED];
static struct termios rf_saved_modes;
static volatile sig_atomic_t rf_have_modes = 0;
static volatile sig_atomic_t rf_armed = 0;
static volatile sig_atomic_t rf_prepared = 0;
// Filled once by rf_crash_guard_arm before rf_armed is set; only read by the handler afterwards.
static char rf_undo[1024];
static size_t rf_undo_length = 0;
static char rf_alt_stack[64 * 1024];

static void rf_write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;  // the terminal is gone (EIO after a hang-up): nothing left to restore
        p += w;
        n -= (size_t)w;
    }
}

static void rf_crash_handler(int sig, siginfo_t *info, void *context) {
    int saved_errno = errno;
    if (rf_armed) {
        rf_armed = 0;
        rf_write_all(STDOUT_FILENO, rf_undo, rf_undo_length);
        if (rf_have_modes) tcsetattr(STDIN_FILENO, TCSANOW, &rf_saved_modes);
        const char *what = NULL;
        switch (sig) {
        case SIGSEGV: what = "reservaflow: crashed (SIGSEGV); the terminal was restored.\n"; break;
        case SIGBUS: what = "reservaflow: crashed (SIGBUS); the terminal was restored.\n"; break;
        case SIGFPE: what = "reservaflow: crashed (SIGFPE); the terminal was restored.\n"; break;
        case SIGILL: what = "reservaflow: crashed (SIGILL, a failed check); the terminal was restored.\n"; break;
        case SIGABRT: what = "reservaflow: aborted (SIGABRT); the terminal was restored.\n"; break;
        default: break;
        }
        if (what != NULL) rf_write_all(STDERR_FILENO, what, strlen(what));
    }
    // The signal's previous handler, if any (the Swift runtime's crash reporter), has its say; then the
    // program ends with the signal's default action (a core dump for a fault): a fault recurs as the
    // instruction reruns, a sent signal is raised again (blocked until this handler returns). Calling
    // the previous handler directly keeps that ending ours: left to itself, the reporter returns from a
    // sent SIGSEGV and the program would carry on drawing on the shell's screen.
    for (size_t i = 0; i < RF_GUARDED; i++) {
        if (rf_guarded[i] != sig) continue;
        struct sigaction previous = rf_previous[i];
        if (previous.sa_flags & SA_SIGINFO) {
            if (previous.sa_sigaction != NULL) previous.sa_sigaction(sig, info, context);
        } else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN && previous.sa_handler != NULL) {
            previous.sa_handler(sig);
        }
    }
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(sig, &fallback, NULL);
    raise(sig);
    errno = saved_errno;
}

void rf_crash_guard_install(void) {
    if (tcgetattr(STDIN_FILENO, &rf_saved_modes) == 0) rf_have_modes = 1;
    // A stack overflow on this (the UI) thread can only be caught on a stack of its own.
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && (current.ss_flags & SS_DISABLE)) {
        stack_t alt = {.ss_sp = rf_alt_stack, .ss_size = sizeof rf_alt_stack, .ss_flags = 0};
        sigaltstack(&alt, NULL);
    }
    for (size_t i = 0; i < RF_GUARDED; i++) {
        int sig = rf_guarded[i];
        if (sigaction(sig, NULL, &rf_previous[i]) != 0) continue;
        int async = sig == SIGTERM || sig == SIGHUP || sig == SIGQUIT;
        if (async && !(rf_previous[i].sa_flags & SA_SIGINFO) && rf_previous[i].sa_handler == SIG_IGN) continue;
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = rf_crash_handler;
        sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigfillset(&sa.sa_mask);  // nothing else runs on top of the restore
        if (sigaction(sig, &sa, NULL) == 0) rf_caught[i] = 1;
    }
}

static void rf_undo_append(const char *s) {
    if (s == NULL || s == (char *)-1) return;
    size_t n = strlen(s);
    if (rf_undo_length + n >= sizeof rf_undo) return;
    memcpy(rf_undo + rf_undo_length, s, n);
    rf_undo_length += n;
}

void rf_crash_guard_arm(int mouse) {
    rf_armed = 0;
    rf_prepared = 0;
    rf_undo_length = 0;
    if (mouse) {
        // How ncurses turned reporting on (xterm's XM, else the classic 1000 mode), turned off.
        char *xm = tigetstr("XM");
        if (xm != NULL && xm != (char *)-1) rf_undo_append(tiparm(xm, 0));
        else rf_undo_append("\033[?1000l");
    }
    rf_undo_append(tigetstr("sgr0"));
    rf_undo_append(tigetstr("rmkx"));
    rf_undo_append(tigetstr("cnorm"));
    char *rmcup = tigetstr("rmcup");
    if (rmcup != NULL && rmcup != (char *)-1 && rmcup[0] != '\0') {
        rf_undo_append(rmcup);
    } else {
        // No alternate screen: leave the cursor on the last line, as endwin does.
        char *cup = tigetstr("cup");
        if (cup != NULL && cup != (char *)-1) rf_undo_append(tiparm(cup, LINES - 1, 0));
        rf_undo_append("\r\n");
    }
    // The sequence is complete before any thread's handler can see the flag.
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    rf_prepared = 1;
    rf_armed = 1;
}

void rf_crash_guard_active(int active) { rf_armed = active && rf_prepared; }

void rf_crash_guard_uninstall(void) {
    rf_armed = 0;
    rf_prepared = 0;
    for (size_t i = 0; i < RF_GUARDED; i++) {
        if (rf_caught[i]) sigaction(rf_guarded[i], &rf_previous[i], NULL);
        rf_caught[i] = 0;
    }
}

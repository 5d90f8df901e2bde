import CNcurses
import Glibc
import ReservaFlowUI
import ReservationDomain
import POSIXSupport

public struct TerminalOptions: Sendable {
    public var mouse: Bool
    /// false: never use colour (NO_COLOR, --monochrome), only attributes.
    public var colour: Bool
    /// Ctrl-Z stops the program and hands the terminal back to the shell. Off on a podium terminal where the
    /// TUI is the session's only program: there is no shell to return to, and a stopped program would
    /// leave the host with a dead screen (or, worse, a shell where none was meant to be).
    public var allowSuspend: Bool
    public init(mouse: Bool = true, colour: Bool = true, allowSuspend: Bool = true) {
        self.mouse = mouse
        self.colour = colour
        self.allowSuspend = allowSuspend
    }

    /// Whether a job-control shell started us: such a shell puts each job in a process group of its own,
    /// while a program run as the session's only program (sshd ForceCommand, a login shell set to the TUI,
    /// a kiosk autologin) shares the session leader's group.
    public static var launchedUnderJobControl: Bool { getpgrp() != getsid(0) }
}

/// The one owner of ncurses. Not Sendable and not thread-safe, like ncurses itself: create it, read from
/// it and draw with it on one thread only (the UI loop's).
public final class Terminal {
    private var screen: OpaquePointer?
    public private(set) var size: Size
    /// Colours the terminal has (0 when colour is off).
    public private(set) var colours: Int
    /// Something the user should be told once (e.g. the TERM fallback, drawing in ASCII for want of UTF-8).
    public let notice: String?
    /// Whether characters reach the terminal as UTF-8. When not (a legacy charset, no UTF-8 locale
    /// installed) everything is drawn in ASCII: the UI's ASCII glyphs, and accents taken off guest text,
    /// since a letter the terminal cannot show would be dropped and shift the rest of the row.
    public let unicode: Bool
    /// The locale the program found by itself when the session had none (sshd without AcceptEnv), for the log.
    public let foundLocale: String?
    private let mouseOn: Bool
    private let allowSuspend: Bool
    private var painter: Painter
    private var closed = false

    public init(options: TerminalOptions = TerminalOptions()) throws(TerminalError) {
        guard isatty(0) == 1 else { throw .notATerminal }
        // Signal masks are inherited: a launcher that blocks SIGWINCH would leave every resize unseen, and
        // one that blocks SIGHUP or SIGTERM would leave the program running after its terminal is gone.
        // Unblocked here, on the UI thread, before any worker thread exists (they inherit this mask).
        do { try ProcessSignals.unblock([SIGWINCH, SIGHUP, SIGTERM]) } catch { throw .system(error) }
        // Before newterm, so the characters curses measures and writes are UTF-8 whenever they can be.
        var chosen = [CChar](repeating: 0, count: 256)
        let charset = rf_choose_locale(&chosen, chosen.count)
        let localeName = String(decoding: chosen.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        unicode = charset != 2
        foundLocale = charset == 1 ? localeName : nil
        var notes: [String] = []
        if charset == 2 {
            notes.append("No UTF-8 locale (\(localeName)): drawn in ASCII, accents left off. LANG=C.UTF-8 on a UTF-8 terminal shows everything.")
        }
        // From here on a fatal signal gives the terminal back as it is now (installed before newterm, so
        // curses leaves SIGTERM to it).
        rf_crash_guard_install()
        let envTerm = getenv("TERM").map { String(cString: $0) } ?? ""
        let term = envTerm.isEmpty ? "xterm-256color" : envTerm
        var scr = rf_newterm(term)
        if scr == nil {
            // An unknown TERM makes initscr print and exit; newterm returns NULL so we can fall back.
            scr = rf_newterm("xterm-256color")
            guard scr != nil else {
                rf_crash_guard_uninstall()
                throw .unknownTerminal(term)
            }
            setenv("TERM", "xterm-256color", 1)
            notes.insert("TERM=\(term) is unknown here; using xterm-256color.", at: 0)
        }
        set_term(scr)
        guard rf_has_cursor_addressing() == 1 else {
            endwin()
            delscreen(scr)
            rf_crash_guard_uninstall()
            throw .noCursorAddressing(term)
        }
        screen = scr
        self.notice = notes.isEmpty ? nil : notes.joined(separator: " ")
        raw()  // Ctrl-C and Ctrl-Q arrive as keys, so quitting can ask about unsaved input
        noecho()
        nonl()
        let win = rf_stdscr()
        keypad(win, true)
        nodelay(win, true)
        set_escdelay(25)
        curs_set(0)
        var n = 0
        if options.colour && has_colors() {
            start_color()
            use_default_colors()
            n = Int(rf_colors())
        }
        colours = n
        mouseOn = options.mouse
        allowSuspend = options.allowSuspend
        rf_mouse(options.mouse ? 1 : 0)
        size = Size(width: Int(getmaxx(win)), height: Int(getmaxy(win)))
        painter = Painter(colours: n, asciiOnly: !unicode)
        rf_crash_guard_arm(options.mouse ? 1 : 0)
    }

    deinit { shutdown() }

    /// Restores the terminal. Safe to call twice (and called on deinit).
    public func shutdown() {
        guard !closed else { return }
        closed = true
        rf_crash_guard_active(0)
        rf_mouse(0)
        curs_set(1)
        endwin()
        if let s = screen { delscreen(s) }
        screen = nil
        rf_crash_guard_uninstall()
    }

    /// Everything waiting on the keyboard, without blocking: keys, mouse clicks, resizes.
    public func readEvents() -> [Msg] {
        var out: [Msg] = []
        var value: UInt32 = 0
        while true {
            let kind = rf_read_key(&value)
            if kind == 0 { break }
            if kind == 2 {
                if Int32(value) == rf_key_resize() {
                    let win = rf_stdscr()
                    size = Size(width: Int(getmaxx(win)), height: Int(getmaxy(win)))
                    painter.invalidate()
                    out.append(.resize(size))
                } else if Int32(value) == rf_key_mouse() {
                    if let m = mouseEvent() { out.append(.mouse(m)) }
                } else if let k = KeyMapping.keyCode(Int32(value)) {
                    out.append(.key(k))
                }
            } else if value == 0x1A {
                // Ctrl-Z (raw mode delivers it as a key): suspend like any terminal program; `fg` resumes.
                // Where suspending is off, the key does nothing at all.
                guard allowSuspend else { continue }
                suspend()
                out.append(.resize(size))
            } else if let k = KeyMapping.character(value) {
                out.append(.key(k))
            }
        }
        return out
    }

    /// Gives the terminal back to the shell and stops the whole process, then takes the screen again.
    /// SIGSTOP rather than SIGTSTP: it cannot be caught, so no handler runs on some other thread, and it
    /// stops the worker threads too. The shell's job control sees a stopped job either way.
    private func suspend() {
        def_prog_mode()
        rf_crash_guard_active(0)  // the terminal is the shell's until we are continued
        endwin()
        fflush(rf_stdout())
        kill(getpid(), SIGSTOP)
        // Continued (`fg`): the terminal may have been resized while we were stopped.
        reset_prog_mode()
        rf_crash_guard_active(1)
        let win = rf_stdscr()
        size = Size(width: Int(getmaxx(win)), height: Int(getmaxy(win)))
        painter.invalidate()
        clearok(win, true)
        refresh()
    }

    private func mouseEvent() -> MouseEvent? {
        var x: Int32 = 0, y: Int32 = 0
        var state: UInt = 0
        guard mouseOn, rf_get_mouse(&x, &y, &state) == 1 else { return nil }
        let s = mmask_t(state)
        let button: MouseButton
        if s & rf_mouse_button4_pressed() != 0 { button = .wheelUp }
        else if s & rf_mouse_button5_pressed() != 0 { button = .wheelDown }
        else if s & (rf_mouse_button1_pressed() | rf_mouse_button1_clicked()) != 0 { button = .left }
        else { return nil }
        return MouseEvent(x: Int(x), y: Int(y), button: button)
    }

    /// Shows a frame: only the cells that differ from the last frame are handed to curses.
    public func draw(_ buffer: ScreenBuffer, theme: Theme) {
        painter.paint(buffer, theme: theme)
        if let c = buffer.cursor {
            curs_set(1)
            move(Int32(c.y), Int32(c.x))
        } else {
            curs_set(0)
        }
        refresh()
    }

    /// Repaints everything on the next draw (Ctrl-L, after a shell-out).
    public func invalidate() {
        painter.invalidate()
        clearok(rf_stdscr(), true)
    }
}

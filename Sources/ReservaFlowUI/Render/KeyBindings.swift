import ReservationDomain

/// Every key binding, for `?` help. The footer shows the subset that works where the host is.
public enum KeyBindings {
    public struct Binding: Sendable, Hashable {
        public var keys: String
        public var action: String
    }

    public static let sections: [(String, [Binding])] = [
        ("Move", [
            .init(keys: "←↓↑→ hjkl", action: "move (floor: nearest table that way)"),
            .init(keys: "Tab S-Tab", action: "next / previous pane"),
            .init(keys: "a A 1-9", action: "next / previous / numbered floor area"),
            .init(keys: "H L", action: "timeline: an hour earlier / later"),
            .init(keys: "PgUp PgDn", action: "timeline: a page of tables"),
            .init(keys: "Home End", action: "timeline: start / end of service"),
            .init(keys: "i", action: "guest details of the selection"),
        ]),
        ("Days", [
            .init(keys: "[ ]", action: "previous / next day"),
            .init(keys: "t", action: "today, the timeline back on now"),
            .init(keys: "g", action: "go to a date"),
        ]),
        ("Book", [
            .init(keys: "n b", action: "new phone booking"),
            .init(keys: "Enter", action: "floor: table's bookings; timeline: book free cell / actions"),
            .init(keys: "w", action: "walk-in"),
            .init(keys: "W", action: "waitlist (s seat, m told ready, K J move, x remove, w add)"),
            .init(keys: "o", action: "late: parties past their time, not seated (Enter selects)"),
        ]),
        ("Selected booking", [
            .init(keys: "c", action: "confirm"),
            .init(keys: "s", action: "seat"),
            .init(keys: "f", action: "finish (complete; asks first)"),
            .init(keys: "x", action: "cancel (asks first)"),
            .init(keys: "!", action: "no-show (asks first)"),
            .init(keys: "v", action: "arrived: partly, then all, then not (before seating)"),
            .init(keys: "u", action: "undo this terminal's last status, arrival, seating (\(ActionWindows.undoMinutes) min)"),
            .init(keys: "m", action: "move to another table"),
            .init(keys: "r", action: "change time"),
            .init(keys: "p", action: "change party size"),
            .init(keys: "e", action: "edit notes"),
            .init(keys: "E", action: "edit the guest: allergies, VIP, tags, contact, notes"),
            .init(keys: "d", action: "history: every change, who and when"),
            .init(keys: "M", action: "merge the guest's likely duplicate in (managers; asks)"),
            .init(keys: "X", action: "selected table out of service now, or back (asks first)"),
        ]),
        ("Find and command", [
            .init(keys: "/", action: "search guests (Tab next match, Enter goes and ends it)"),
            .init(keys: ":", action: "command line, Tab completes: book seat walkin date note..."),
            .init(keys: ":note", action: "the day's shift notes whole; managers: :note TEXT sets"),
            .init(keys: ":staff", action: "staff: x disable/enable, o role, N rename (managers)"),
            .init(keys: ":audit", action: "the audit log in words, newest first (managers)"),
            .init(keys: ":reports", action: "charts: ←→ report, [ ] range, w m n y span (managers)"),
            .init(keys: ":guests", action: "the guest book: / searches, Enter opens, E edits, a adds"),
            .init(keys: ":venue", action: "hours, turns, rules: Enter changes, a/t add; n new venue"),
            .init(keys: ":floor", action: "tables: covers, add, o out now, O out for days (managers)"),
            .init(keys: ":floor c x", action: "c joins tables for one party (T4+T5 4-8), x separates"),
            .init(keys: ":close :open", action: "shut on some days: :close 24/12 25/12 Xmas; :open 24/12"),
            .init(keys: "R Ctrl-L", action: "reload the day"),
            .init(keys: "?", action: "this help"),
            .init(keys: "Esc", action: "back / close"),
            .init(keys: "q Ctrl-C", action: "quit (asks if a form has input)"),
        ]),
    ]

    /// (key, word) pairs for the footer in the current context, most useful first.
    static func footer(_ s: AppState) -> [(String, String)] {
        if s.commandLine != nil { return [("Enter", "run"), ("Tab", "complete"), ("Esc", "cancel")] }
        if s.search != nil { return [("Enter", "go"), ("Tab", "next match"), ("↓", "guests"), ("Esc", "close")] }
        switch s.overlay {
        case .help: return [("↑↓", "scroll"), ("any key", "close")]
        case .venuePicker: return [("↑↓", "choose"), ("Enter", "open"), ("q", "quit")]
        case .booking: return [("Enter", "book"), ("Tab ↑↓", "field"), ("←→", "table/status"), ("Esc", "cancel")]
        case .walkIn(let f) where f.listIndex != nil: return [("Enter", "add to waitlist"), ("Tab", "field"), ("Esc", "back")]
        case .walkIn: return [("Enter", "seat / add to waitlist"), ("Tab", "field"), ("Esc", "cancel")]
        case .confirm: return [("y", "yes"), ("n Esc", "no")]
        case .prompt: return [("Enter", "save"), ("Esc", "cancel")]
        case .actions: return [("c s f x ! m r p e v", "act"), ("i E", "guest"), ("d", "history"), ("Esc", "close")]
        case .tableBookings: return [("↑↓", "pick"), ("Enter", "actions"), ("n", "book this table"), ("Esc", "close")]
        case .waitlist: return [("s", "seat"), ("m", "told ready"), ("K J", "move"), ("x", "remove"), ("w", "add"), ("Esc", "close")]
        case .waitlistSeat: return [("Enter", "seat"), ("←→", "table"), ("Esc", "back")]
        case .lateArrivals: return [("↑↓", "pick"), ("Enter", "select"), ("Esc", "close")]
        case .history: return [("↑↓", "scroll"), ("any key", "close")]
        case .guestEdit: return [("Enter", "save"), ("Tab ↑↓", "field"), ("Space", "switch"), ("Esc", "cancel")]
        case .admin(let a) where a.filtering: return [("Enter", "keep filter"), ("Esc", "clear")]
        case .admin(let a): return AdminView.keys(a.kind, row: a.selected) + [("/", "filter"), ("Esc", "back")]
        case .reports: return [("←→", "report"), ("[ ]", "range"), ("w m n y", "span"), ("Tab", "table"), ("Esc", "back")]
        case nil: break
        }
        var keys: [(String, String)] = []
        switch s.focus {
        case .floor: keys += [("hjkl", "move"), ("Enter", "bookings")]
        case .timeline: keys += [("hjkl", "move"), ("Enter", "book/act"), ("t", "now")]
        case .customer: break  // `Tab pane` is in every key line, below
        }
        if !s.config.readOnly {
            keys += [("n", "book"), ("w", "walk-in")]
            if s.selectedEntry != nil { keys += [("s", "seat"), ("x", "cancel")] }
            if s.undoable != nil { keys += [("u", "undo")] }
            if s.customer?.duplicates?.isEmpty == false, (s.staff?.role ?? .host) >= .manager { keys += [("M", "merge dup")] }
        }
        keys += [("/", "search"), ("[ ]", "day"), (":", "cmd"), ("Tab", "pane"), ("q", "quit")]
        return keys
    }
}

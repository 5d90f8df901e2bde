import Foundation
import ReservationDomain

/// The phone booking form: the guest lookup, when, how many, which table (best first), and the lease.
enum BookingFormView {
    static func draw(_ f: BookingForm, state s: AppState, body: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        let typed = s.parsed(f)
        let width = min(78, body.width - 2)
        let warnRows = f.sameDay.isEmpty ? 0 : 1
        // The whole error, on as many rows as it needs: its end is often what the host must read.
        let footLines = f.error.map { Draw.wrap(g.bad + " " + $0, width: width - 4, maxLines: 4) } ?? []
        let footRows = max(1, footLines.count)
        // Why the typed time cannot be booked at all, in the table row and the rows under it (the core's words).
        let whyLines = f.timeProblem.map { Draw.wrap($0, width: width - 12, maxLines: 3) } ?? []
        // Matches take only the rows the body has to spare (80x22 has 18), so no field is pushed out.
        let fixed = f.fields.count + warnRows + footRows + max(0, whyLines.count - 1) + 6
        let matchRows = f.chosen == nil ? max(0, min(f.matches.count, 4, body.height - fixed)) : 0
        // The pacing strip under the time takes a row only when one is left after the matches.
        let strip = PacingStrip.entries(f, typed, state: s)
        let stripRows = !strip.isEmpty && body.height - fixed - matchRows >= 1 ? 1 : 0
        let height = min(body.height, fixed + matchRows + stripRows)
        let r = body.centered(width: width, height: height)
        let leaseY = r.maxY - 2 - footRows
        Draw.dialog(r, title: f.submitting ? "New booking (booking…)" : "New booking", into: &b, glyphs: g)
        let lx = r.x + 2, fx = r.x + 10
        let fw = min(24, r.width - 12)
        let ex = fx + fw + 2, ew = r.maxX - 2 - ex
        var y = r.y + 1
        for field in f.fields {
            guard y < leaseY - warnRows else { break }
            let focused = f.focus == field
            b.write(field.label, x: lx, y: y, style: Style(focused ? .key : .label))
            switch field {
            case .guest:
                if let c = f.chosen {
                    b.write(c.name, x: fx, y: y, style: Style(focused ? .inputFocused : .input), maxWidth: fw)
                    var extra = c.phone
                    if c.isVIP { extra += " VIP" }
                    b.write(extra, x: ex, y: y, style: Style(.muted), maxWidth: ew)
                    if !c.allergyText.isEmpty, y + 1 < leaseY {
                        y += 1
                        b.write("! ALLERGIES: " + c.allergyText, x: fx, y: y, style: Style(.allergyWarning), maxWidth: r.maxX - 2 - fx)
                    }
                } else {
                    Draw.field(f.guest, x: fx, y: y, width: fw, focused: focused, into: &b)
                    // Two matches that are likely one guest (same e-mail, or same name and a similar phone) are
                    // marked before the name, and the hint says what the mark means: the row keeps its allergy
                    // mark at 80 columns.
                    let dups = GuestDuplicates.within(f.matches)
                    let dupMark = s.config.ascii ? "=" : "≈"
                    let hint = f.matches.isEmpty ? (f.guest.isEmpty ? "phone or name" : "new guest")
                        : dups.isEmpty ? "↓ pick one, or Tab for new" : "↓ pick one \(g.bullet) \(dupMark) likely the same guest"
                    b.write(hint, x: ex, y: y, style: Style(dups.isEmpty ? .muted : .warning), maxWidth: ew)
                    for (i, c) in f.matches.prefix(matchRows).enumerated() {
                        y += 1
                        let sel = f.matchIndex == i
                        let text = "\(sel ? g.selectedMark : " ")\(dups[c.id] == nil ? " " : dupMark)\(c.name.padded(toWidth: 24)) \(c.phone)  \(Draw.count(c.visits, "visit"))" + (c.isVIP ? " VIP" : "") + (c.allergyText.isEmpty ? "" : " !allergies")
                        b.write(text, x: fx, y: y, style: Style(sel ? .selection : .normal), maxWidth: r.maxX - 2 - fx)
                    }
                }
            case .name: Draw.field(f.name, x: fx, y: y, width: fw, focused: focused, into: &b)
            case .phone: Draw.field(f.phone, x: fx, y: y, width: fw, focused: focused, into: &b)
            case .date:
                Draw.field(f.date, x: fx, y: y, width: fw, focused: focused, into: &b)
                let d = typed.date
                b.write(d.map(DateInput.long) ?? "?", x: ex, y: y, style: Style(d == nil ? .error : .muted), maxWidth: ew)
            case .time:
                Draw.field(f.time, x: fx, y: y, width: fw, focused: focused, into: &b)
                if !f.time.isEmpty {
                    let t = typed.time
                    let used = b.write(t?.description ?? "?", x: ex, y: y, style: Style(t == nil ? .error : .muted), maxWidth: ew)
                    // The chosen slot's covers against the pacing limit, said as the host types the time.
                    if let p = PacingStrip.chosen(f, typed, state: s) {
                        b.write(" \(g.bullet) \(p.covers)/\(p.limit) covers" + (p.fits ? "" : ", no room for \(p.party)"), x: ex + used, y: y,
                                style: Style(p.fits ? .muted : .warning), maxWidth: ew - used)
                    }
                }
                if stripRows > 0 {
                    y += 1
                    PacingStrip.draw(strip, x: fx, y: y, width: r.maxX - 2 - fx, into: &b, glyphs: g)
                }
            case .party:
                Draw.field(f.party, x: fx, y: y, width: fw, focused: focused, into: &b)
                // What was typed, not the last answer: "3.5" is not three guests (the answer for "3" is stale).
                if let a = f.availability, a.partySize == typed.party {
                    b.write("\(a.partySize) guests \(g.bullet) \(a.turnMinutes) min", x: ex, y: y, style: Style(.muted), maxWidth: ew)
                } else if PartyInput.problem(f.party.text) != nil {
                    b.write("? not a whole number", x: ex, y: y, style: Style(.error), maxWidth: ew)
                } else if let n = typed.party, let day = s.day, let why = Fields.partyProblem(n, rules: day.sheet.restaurant.rules, tables: day.tables, combinations: day.sheet.combinations) {
                    b.write("? " + why, x: ex, y: y, style: Style(.error), maxWidth: ew)
                }
            case .email:
                Draw.field(f.email, x: fx, y: y, width: fw, focused: focused, into: &b)
                if let mail = f.emailToRecord, case .failure = EmailAddress.validate(mail) {
                    b.write("? not an e-mail address", x: ex, y: y, style: Style(.error), maxWidth: ew)
                } else if f.email.isEmpty {
                    b.write("for the confirmation mail", x: ex, y: y, style: Style(.muted), maxWidth: ew)
                }
            case .table where !whyLines.isEmpty:
                for (i, l) in whyLines.enumerated() { b.write(l, x: fx, y: y + i, style: Style(.warning)) }
                y += whyLines.count - 1
            case .table:
                drawTables(f, time: typed.time, x: fx, y: y, width: r.maxX - 2 - fx, focused: focused, into: &b, glyphs: g)
            case .notes: Draw.field(f.notes, x: fx, y: y, width: r.maxX - 2 - fx, focused: focused, into: &b)
            case .hold:
                let holdMin = (s.day?.sheet.restaurant.rules ?? BookingRules()).holdMinutes
                let text = (f.hold ? "( ) confirmed  (•) hold \(holdMin) min" : "(•) confirmed  ( ) hold \(holdMin) min")
                b.write(s.config.ascii ? text.replacingOccurrences(of: "•", with: "*") : text, x: fx, y: y,
                        style: Style(focused ? .inputFocused : .normal))
            }
            y += 1
        }
        // Already booked that day: said before Enter books them again (issue 8, item 9).
        if !f.sameDay.isEmpty {
            let list = f.sameDay.map { "\($0.seatLabel) \(s.clock.hhmm($0.reservation.startsAt))" }.joined(separator: ", ")
            let who = f.sameDay[0].customer.name
            b.write("! \(who) is already booked that day: \(list)", x: lx, y: leaseY - warnRows, style: Style(.warning), maxWidth: r.width - 4)
        }
        // Lease line: what other terminals see about this table and time.
        if let l = f.lease {
            b.write("\(g.held) \(s.day?.table(l.tableID)?.label ?? "") \(s.clock.hhmm(l.start))-\(s.clock.hhmm(l.end)) held for you while you type",
                    x: lx, y: leaseY, style: Style(.success), maxWidth: r.width - 4)
        }
        if !footLines.isEmpty {
            for (i, l) in footLines.enumerated() { b.write(l, x: lx, y: leaseY + 1 + i, style: Style(.error)) }
        } else {
            // ←→ edit the text in a text field: the line says where they choose instead (a host pressed → in
            // Party to get the next table, and nothing happened).
            let arrows: String
            switch f.focus {
            case .table: arrows = "←→ other free tables"
            case .hold: arrows = "←→ confirmed / hold"
            default: arrows = "←→ on Table/Status"
            }
            b.write("Enter book · Tab/↑↓ field · \(arrows) · Esc cancel", x: lx, y: r.maxY - 2, style: Style(.muted), maxWidth: r.width - 4)
        }
    }

    static func drawTables(_ f: BookingForm, time: TimeOfDay?, x: Int, y: Int, width: Int, focused: Bool,
                           into b: inout ScreenBuffer, glyphs g: Glyphs) {
        guard let a = f.availability else {
            b.write(f.tableLabel.map { "\($0) (checking…)" } ?? "type date, time and party", x: x, y: y, style: Style(.muted), maxWidth: width)
            return
        }
        guard let t = time else {
            b.write("type a time", x: x, y: y, style: Style(.muted), maxWidth: width)
            return
        }
        if a.slot(at: t) == nil, f.timeQuery != nil {
            // Not one of the day's slots, and the core knows no reason against it: a time between two slots.
            let near = f.nearby.map(\.description).joined(separator: " ")
            let text = f.timeChecked ? "\(t) is between slots \(g.bullet) free: \(near.isEmpty ? "none" : near)" : "checking \(t)…"
            b.write(text, x: x, y: y, style: Style(.muted), maxWidth: width)
            return
        }
        let free = f.freeSeats(at: t) ?? []
        if free.isEmpty {
            let near = f.nearby.map(\.description).joined(separator: " ")
            b.write("nothing free at \(t) \(g.bullet) nearest: \(near.isEmpty ? "none" : near)", x: x, y: y, style: Style(.warning), maxWidth: width)
            return
        }
        let chosen = f.effectiveTable(at: t)
        var cx = x
        for table in free {
            let text = "\(table.label) \(table.minCovers)-\(table.maxCovers)"
            let w = text.displayWidth
            if cx + w + 1 > x + width { break }
            let sel = table.label == chosen
            cx += b.write(text, x: cx, y: y, style: Style(sel ? (focused ? .inputFocused : .selection) : .normal, sel ? .bold : []))
            cx += 2
        }
        if let pick = f.tableLabel, !free.contains(where: { $0.label.caseInsensitiveCompare(pick) == .orderedSame }) {
            let why = f.takenElsewhere[pick].map { "\(pick): \($0)" } ?? "\(pick) not free at \(t)"
            b.write(why, x: cx, y: y, style: Style(.warning), maxWidth: x + width - cx)
        }
    }
}

enum WalkInView {
    static func draw(_ f: WalkInForm, state s: AppState, body: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        let toList = f.listIndex != nil
        let (r, errorLines) = Draw.formDialog(in: body, rows: 10, title: toList ? "Add to the waitlist" : "Walk-in",
                                              submitting: f.submitting, error: f.error,
                                              into: &b, glyphs: g)
        let lx = r.x + 2, fx = r.x + 10, fw = min(24, r.width - 12)
        b.write("Party", x: lx, y: r.y + 1, style: Style(f.focus == .party ? .key : .label))
        Draw.field(f.party, x: fx, y: r.y + 1, width: 6, focused: f.focus == .party, into: &b)
        var plan: WalkInPlan? = nil
        if let day = s.day, let p = PartyInput.parse(f.party.text) { plan = WalkInPlan.compute(day: day, party: p, now: s.now, preferred: f.table.text) }
        let y = r.y + 3
        if let plan, let why = plan.closed ?? plan.problem {
            for (i, l) in Draw.wrap(why, width: r.width - 4, maxLines: 2).enumerated() {
                b.write(l, x: lx, y: y + i, style: Style(.warning))
            }
        } else if let plan, toList == false,
                  let sheet = s.day?.sheet, let short = plan.shortStayText(sheet) {
            for (i, l) in Draw.wrap(short, width: r.width - 4, maxLines: 2).enumerated() {
                b.write(l, x: lx, y: y + i, style: Style(.warning))
            }
        } else if let plan, let label = plan.seatLabel, let covers = plan.seatCovers {
            b.write("\(g.free) \(label) (\(covers)) is free now until \(plan.freeUntil.map(s.clock.hhmm) ?? "close") \(g.bullet) "
                    + (toList ? "Enter adds to the waitlist all the same" : "Enter seats"),
                    x: lx, y: y, style: Style(.success), maxWidth: r.width - 4)
        } else if let plan, let day = s.day {
            let text = plan.quotedMinutes.map { "No table free now. Quoted wait about \($0) min: name (and phone) for the waitlist, Enter adds." }
                ?? WalkInPlan.noQuote(day: day, party: plan.party, now: s.now)
            for (i, l) in Draw.wrap(text, width: r.width - 4, maxLines: 2).enumerated() {
                b.write(l, x: lx, y: y + i, style: Style(.warning))
            }
        } else if let why = PartyInput.problem(f.party.text) {
            // Said at once, not "type the party size" as if nothing had been typed.
            b.write(why, x: lx, y: y, style: Style(.error), maxWidth: r.width - 4)
        } else {
            b.write("Type the party size.", x: lx, y: y, style: Style(.muted))
        }
        b.write("Name", x: lx, y: r.y + 5, style: Style(f.focus == .name ? .key : .label))
        Draw.field(f.name, x: fx, y: r.y + 5, width: fw, focused: f.focus == .name, into: &b)
        b.write("Phone", x: lx, y: r.y + 6, style: Style(f.focus == .phone ? .key : .label))
        Draw.field(f.phone, x: fx, y: r.y + 6, width: fw, focused: f.focus == .phone, into: &b)
        b.write(toList ? "needed to call them" : "optional when seating", x: fx + fw + 2, y: r.y + 5, style: Style(.muted), maxWidth: r.maxX - 2 - (fx + fw + 2))
        b.write("Table", x: lx, y: r.y + 7, style: Style(f.focus == .table ? .key : .label))
        Draw.field(f.table, x: fx, y: r.y + 7, width: 8, focused: f.focus == .table, into: &b)
        b.write("empty: the best · ←→ other free tables", x: fx + 10, y: r.y + 7, style: Style(.muted), maxWidth: r.maxX - 2 - (fx + 10))
        if !errorLines.isEmpty {
            for (i, l) in errorLines.enumerated() { b.write(l, x: lx, y: r.y + 9 + i, style: Style(.error)) }
        } else {
            b.write(toList ? "Enter add to the waitlist · Tab field · Esc back to the list" : "Enter seat / add to waitlist · ←→ table · Tab field · Esc cancel", x: lx, y: r.maxY - 2, style: Style(.muted), maxWidth: r.width - 4)
        }
    }
}

enum LoginView {
    static func draw(_ s: AppState, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        let r = b.bounds.centered(width: 52, height: 11)
        Draw.dialog(r, title: "ReservaFlow · sign in", into: &b, glyphs: g)
        let f = s.login
        b.write("Username", x: r.x + 3, y: r.y + 2, style: Style(f.focus == .username ? .key : .label))
        Draw.field(f.username, x: r.x + 14, y: r.y + 2, width: 32, focused: f.focus == .username, into: &b)
        b.write("Password", x: r.x + 3, y: r.y + 4, style: Style(f.focus == .password ? .key : .label))
        Draw.field(f.password, x: r.x + 14, y: r.y + 4, width: 32, focused: f.focus == .password, mask: true, into: &b)
        if let e = f.error {
            // Two lines: the lockout message says how long to wait and whom to ask, and was cut after one.
            for (i, l) in Draw.wrap(g.bad + " " + e, width: r.width - 6, maxLines: 2).enumerated() {
                b.write(l, x: r.x + 3, y: r.y + 6 + i, style: Style(.error), maxWidth: r.width - 6)
            }
        } else if f.busy {
            b.write("Signing in…", x: r.x + 3, y: r.y + 6, style: Style(.muted))
        }
        b.write("Enter sign in · Tab field · Ctrl-C quit", x: r.x + 3, y: r.y + 8, style: Style(.muted), maxWidth: r.width - 6)
        if s.config.readOnly { b.write("read-only terminal", x: r.x + 3, y: r.y + 9, style: Style(.warning)) }
    }
}

enum TooSmallView {
    static func draw(_ s: AppState, size: Size, into b: inout ScreenBuffer) {
        let text = "Please enlarge the terminal to at least \(Layout.minimum.width)x\(Layout.minimum.height) (now \(size.width)x\(size.height)). q quits."
        let lines = Draw.wrap(text, width: max(1, size.width - 2))
        let y0 = max(0, (size.height - lines.count) / 2)
        for (i, l) in lines.enumerated() {
            b.write(l, x: max(0, (size.width - l.displayWidth) / 2), y: y0 + i, style: Style(.warning, .bold))
        }
    }
}

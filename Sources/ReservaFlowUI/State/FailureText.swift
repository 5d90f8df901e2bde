import ReservationDomain

/// How the podium words what the core reports. The core's sentences say what happened and what to do; the
/// screen adds what it does about it. One place, so the worker that ran the effect never words anything.
extension ReservationError {
    var podiumText: String {
        switch self {
        case .databaseUnavailable(let detail):
            // The operator's advice (DATABASE_URL, make stack-up) is for the log and the CLI, not the host.
            return "The database cannot be reached (\(detail)). Retrying; what you typed is kept."
        case .outcomeUnknown:
            return "The connection broke while saving: checking whether it was saved… Look at the booking before doing it again."
        default:
            return description
        }
    }

    /// The table went to someone else first: booked (taken), or held by another terminal that is booking it.
    var lostTheTable: Bool {
        switch self {
        case .tableTaken, .locked: true
        default: false
        }
    }
}

extension WaitlistUpdate {
    var podiumText: String {
        switch self {
        case .added(let w): return "\(w.name) is on the waitlist, quoted \(w.quotedMinutes) min"
        case .seated(let e): return "Seated \(e.customer.name) at \(e.seatLabel)"
        // Recorded, not sent: the host tells the party (no text message goes out from here yet).
        case .notified(let w): return "\(w.name): told their table is ready (recorded)"
        case .removed(let w): return "\(w.name) taken off the waitlist"
        case .moved(let w, let up): return "\(w.name) moved \(up ? "up" : "down") the waitlist"
        }
    }
}

import Foundation
import Logging
import ReservaFlowUI
import ReservationCore
import Synchronization
import TerminalBackend
import ReservationDomain

/// Runs the UI's effects against the core on the shared `BookExecutor` (a `ReservationBook` on a thread
/// of its own), so libpq and hiredis calls never stall the screen. Results come back as messages through
/// `drain()`, and a byte on the wake pipe tells the UI thread's poll() to look. Failures reach the UI typed;
/// the UI words them.
final class EffectWorker: Sendable {
    private let executor: BookExecutor
    private let outbox = Mutex<[Msg]>([])
    private let wake: WakePipe
    private let configuration: Configuration
    /// Who is signed in; set on the book's thread after login.
    private let actor = Mutex<Actor?>(nil)
    private let signedIn = Mutex<StaffMember?>(nil)
    /// Whether the database was lost, and how long to wait before retrying a day load that failed on it.
    private let outage = Mutex<(lost: Bool, backoff: Double)>((false, 0.5))
    /// Bookings sent while the database did not answer, by when they were first sent: sent again until
    /// it answers, for at most `bookingPatience` seconds.
    private let waitingBookings = Mutex<[BookingRequest: Date]>([:])
    static let bookingPatience: TimeInterval = 30
    /// Told when the terminal switches venue (the live feed follows it).
    nonisolated(unsafe) var onVenueChange: @Sendable (RestaurantID) -> Void = { _ in }

    init(configuration: Configuration, logger: Logger, wake: WakePipe) {
        self.wake = wake
        self.configuration = configuration
        let opened = Mutex<(@Sendable (ReservationBook) -> Void)?>(nil)
        executor = BookExecutor(name: "reservaflow-worker") {
            let book = try ReservationBook(configuration: configuration, logger: logger)
            opened.withLock { $0 }?(book)
            return book
        }
        opened.withLock { $0 = { [weak self] book in self?.reopened(book) } }
    }

    func stop() { executor.shutdown() }

    func submit(_ effects: [Effect]) {
        for effect in effects { submit(effect) }
    }

    private func submit(_ effect: Effect) {
        executor.submit({ [self] book in
            if let msg = try perform(effect, book) { post(msg) }
        }, failed: { [self] error in failed(effect, error) })
    }

    func drain() -> [Msg] { outbox.withLock { msgs in defer { msgs.removeAll() }; return msgs } }

    func post(_ msg: Msg) {
        outbox.withLock { $0.append(msg) }
        wake.signal()
    }

    // MARK: On the book's thread

    /// A book was opened: after an outage, clear the banner now rather than at the next health check.
    private func reopened(_ book: ReservationBook) {
        let wasLost = outage.withLock { o in defer { o = (false, 0.5) }; return o.lost }
        if wasLost { post(.healthChanged(book.health())) }
    }

    /// The database is down: say so, and keep a day load for when it is back (a form keeps its input).
    /// The wait before retrying runs on the book's thread, which has nothing else to do meanwhile.
    private func failed(_ effect: Effect, _ error: ReservationError) {
        if case .databaseUnavailable = error {
            let backoff = outage.withLock { o in defer { o = (true, min(o.backoff * 2, 8)) }; return o.backoff }
            post(.healthChanged(ReservationBook.healthWithoutDatabase(configuration: configuration)))
            if case .book(let request) = effect {
                // Nothing was written (no COMMIT was sent: that would be an unknown outcome), so sending it
                // again cannot book twice; the form waits meanwhile and cannot send another.
                let now = Date()
                let first = waitingBookings.withLock { w in w[request] ?? { w[request] = now; return now }() }
                if now.timeIntervalSince(first) < Self.bookingPatience {
                    post(.bookingWaiting)
                    Thread.sleep(forTimeInterval: backoff)
                    submit(effect)
                    return
                }
                waitingBookings.withLock { _ = $0.removeValue(forKey: request) }
                post(.failed(.databaseUnavailable(detail: "no answer for \(Int(Self.bookingPatience)) s; not booked, press Enter to try again")))
                return
            }
            switch effect {
            case .loadDay, .settleBooking:
                // Kept for when the database is back: the day's sheet, and a cut-off booking's answer, which
                // the form waits for rather than guess.
                Thread.sleep(forTimeInterval: backoff)
                submit(effect)
                if case .settleBooking = effect { return }
            default: break
            }
        }
        post(.failed(error))
    }

    private func currentActor() throws -> Actor {
        guard let a = actor.withLock({ $0 }) else { throw ReservationError.forbidden(role: .host, action: "do that before signing in") }
        return a
    }

    private func perform(_ effect: Effect, _ book: ReservationBook) throws -> Msg? {
        switch effect {
        case .login(let user, let password):
            let staff: StaffMember
            do { staff = try book.login(username: user, password: password) } catch { return .loginFailed(error) }
            // A venue named at launch (--restaurant) opens only for the staff who work there.
            if let venue = restaurantID, !staff.worksAt(venue) {
                let name: String
                do { name = try book.restaurant(id: venue).name } catch {
                    guard case .notFound = error else { throw error }
                    name = "this venue"
                }
                return .notAtVenue(staff: staff.displayName, venue: name)
            }
            actor.withLock { $0 = Actor(staff: staff) }
            signedIn.withLock { $0 = staff }
            return .loggedIn(staff)
        case .loadVenues:
            guard let staff = signedIn.withLock({ $0 }) else { return nil }
            return .venuesLoaded(try book.restaurants(for: staff))
        case .selectVenue(let venue):
            restaurantID = venue.id
            onVenueChange(venue.id)
            return nil
        case .loadDay(let restaurant, let date):
            return .dayLoaded(try book.daySheet(restaurantID: restaurant, date: date))
        case .checkHealth:
            return .healthChanged(book.health())
        case .loadAvailability(let restaurant, let date, let party):
            return .availabilityLoaded(try book.availability(restaurantID: restaurant, date: date, party: party))
        case .explainTime(let restaurant, let q):
            return .timeExplained(q, reason: try book.timeProblem(restaurantID: restaurant, date: q.date, time: q.time, party: q.party))
        case .searchCustomers(let restaurant, let fragment):
            return .customersFound(fragment: fragment, try book.searchCustomers(restaurantID: restaurant, fragment: fragment))
        case .loadCustomerHistory(let id):
            return .customerHistoryLoaded(id, try book.customerHistory(customerID: id))
        case .loadGuestDay(let id, let date):
            return .guestDayLoaded(id, date, try book.liveBookings(customerID: id, on: date))
        case .book(let request):
            let actor = try currentActor()
            do {
                defer { if !book.needsReconnect { waitingBookings.withLock { _ = $0.removeValue(forKey: request) } } }
                return .booked(try book.book(request, actor: actor))
            } catch {
                // A question for the host, not a failure: the form offers the guest the phone belongs to.
                if case .phoneBelongsToGuest(let phone, let guest, let id, _) = error {
                    return .phoneBelongsToGuest(phone: phone, guest: guest, customerID: id, message: error.description)
                }
                throw error
            }
        case .settleBooking(let id):
            do { return .bookingSettled(id, try book.reservation(id: id)) } catch {
                if case .notFound = error { return .bookingSettled(id, nil) }
                throw error
            }
        case .loadPacing(let restaurant, let date):
            return .pacingLoaded(date, try book.pacing(restaurantID: restaurant, date: date))
        case .loadGuestDuplicates(let id):
            return .guestDuplicatesLoaded(id, try book.guestDuplicates(of: id))
        case .setTableService(let restaurant, let label, let inService):
            return .tableServiceChanged(try book.setTableInService(restaurantID: restaurant, label: label, inService: inService,
                                                                    actor: try currentActor()))
        case .mergeGuests(let restaurant, let keep, let drop):
            return .guestsMerged(try book.mergeGuests(restaurantID: restaurant, keep: keep, drop: drop, actor: try currentActor()))
        case .apply(let action, let id):
            return .statusChanged(try book.apply(action, to: id, actor: try currentActor()))
        case .undo(let id):
            return .undone(try book.undo(id, actor: try currentActor()))
        case .change(let id, let change):
            return .reservationUpdated(try book.change(id, change, actor: try currentActor()))
        case .walkIn(let restaurant, let party, let name, let table, let leaveBy):
            return .walkInResult(try book.walkIn(restaurantID: restaurant, party: party, name: name, tableLabel: table, leaveBy: leaveBy,
                                                 actor: try currentActor()))
        case .addWaitlist(let restaurant, let name, let phone, let party, _):
            let entry = try book.addToWaitlist(restaurantID: restaurant, name: name, phone: phone, party: party, actor: try currentActor())
            return .waitlistUpdated(.added(entry))
        case .seatWaitlist(let id, let table, let leaveBy):
            return .waitlistUpdated(.seated(try book.seatFromWaitlist(entryID: id, tableLabel: table, leaveBy: leaveBy, actor: try currentActor())))
        case .moveWaitlist(let id, let up):
            return .waitlistUpdated(.moved(try book.moveWaitlistEntry(id, up ? .up : .down, actor: try currentActor()), up: up))
        case .setArrival(let id, let arrival):
            return .arrivalChanged(try book.setArrival(id, arrival, actor: try currentActor()))
        case .setShiftNote(let restaurant, let date, let text):
            return .shiftNoteSaved(date, try book.setShiftNote(restaurantID: restaurant, date: date, text: text, actor: try currentActor()))
        case .notifyWaitlist(let id):
            return .waitlistUpdated(.notified(try book.updateWaitlist(entryID: id, to: .notified, actor: try currentActor())))
        case .removeWaitlist(let id):
            return .waitlistUpdated(.removed(try book.updateWaitlist(entryID: id, to: .removed, actor: try currentActor())))
        case .acquireLease(let restaurant, let tables, let start, let end):
            let holder = try currentActor().name
            guard let lease = try book.acquireLease(restaurantID: restaurant, tableIDs: tables, start: start, end: end, holder: holder)
            else { return .healthChanged(book.health()) }
            return .leaseAcquired(lease)
        case .renewLease(let token):
            guard let restaurant = restaurantID else { return nil }
            return book.renewLease(restaurantID: restaurant, token: token) ? nil : .leaseLapsed
        case .releaseLease(let token):
            if let restaurant = restaurantID { book.releaseLease(restaurantID: restaurant, token: token) }
            return nil
        case .loadTheme(let name):
            do { return .themeLoaded(try ThemeFiles.load(name)) } catch {
                return .failed(.invalid(field: "theme", message: "\(error)"))
            }
        case .quit:
            return nil
        }
    }

    /// Leases are per venue, and a terminal works on one venue at a time.
    private let venue = Mutex<RestaurantID?>(nil)
    var restaurantID: RestaurantID? {
        get { venue.withLock { $0 } }
        set { venue.withLock { $0 = newValue } }
    }
}

import Foundation
import Logging
import ReservaFlowUI
import ReservationCore
import Synchronization
import TerminalBackend

/// Runs the UI's effects against the core on a thread of its own, so libpq and hiredis calls (which block)
/// never stall the screen. Results come back as messages through `drain()`, and a byte on the wake pipe
/// tells the UI thread's poll() to look.
///
/// `ReservationBook` is not Sendable: it is created, used and dropped only on the worker thread.
final class EffectWorker: Sendable {
    private let inbox = Mutex<[Effect]>([])
    private let outbox = Mutex<[Msg]>([])
    private let wanted = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)
    private let wake: WakePipe
    private let configuration: Configuration
    private let logger: Logger
    /// Who is signed in; set from the worker thread after login.
    private let actor = Mutex<Actor?>(nil)
    private let signedIn = Mutex<StaffMember?>(nil)
    /// Told when the terminal switches venue (the live feed follows it).
    nonisolated(unsafe) var onVenueChange: @Sendable (RestaurantID) -> Void = { _ in }

    init(configuration: Configuration, logger: Logger, wake: WakePipe) {
        self.configuration = configuration
        self.logger = logger
        self.wake = wake
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "reservaflow-worker"
        thread.start()
    }

    func stop() {
        stopping.store(true, ordering: .relaxed)
        wanted.signal()
    }

    func submit(_ effects: [Effect]) {
        guard !effects.isEmpty else { return }
        inbox.withLock { $0.append(contentsOf: effects) }
        for _ in effects { wanted.signal() }
    }

    func drain() -> [Msg] { outbox.withLock { msgs in defer { msgs.removeAll() }; return msgs } }

    func post(_ msg: Msg) {
        outbox.withLock { $0.append(msg) }
        wake.signal()
    }

    // MARK: Worker thread

    private func run() {
        var book: ReservationBook? = nil
        var backoff = 0.5
        var lost = false
        while !stopping.load(ordering: .relaxed) {
            wanted.wait()
            guard let effect = inbox.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
            if book == nil {
                do {
                    book = try ReservationBook(configuration: configuration, logger: logger)
                    backoff = 0.5
                    if lost {
                        // Back: clear the banner now rather than at the next periodic health check.
                        lost = false
                        var health = book!.health()
                        health.liveUpdates = liveUpdates()
                        post(.healthChanged(health))
                    }
                } catch {
                    lost = true
                    post(.healthChanged(ReservationBook.healthWithoutDatabase(configuration: configuration)))
                    post(.failed(error.description))
                    // Keep the effect for when the database is back, unless it is only a refresh.
                    if case .checkHealth = effect {} else if case .loadDay = effect { requeue(effect) }
                    Thread.sleep(forTimeInterval: backoff)
                    backoff = min(backoff * 2, 8)
                    continue
                }
            }
            do {
                if let msg = try perform(effect, book!) { post(msg) }
            } catch let error as ReservationError {
                if case .databaseUnavailable = error {
                    book = nil  // reconnect on the next effect
                    lost = true
                    post(.healthChanged(ReservationBook.healthWithoutDatabase(configuration: configuration)))
                    if case .loadDay = effect { requeue(effect) }
                }
                post(.failed(error.description))
            } catch {
                post(.failed("\(error)"))
            }
        }
    }

    private func requeue(_ effect: Effect) {
        inbox.withLock { $0.append(effect) }
        wanted.signal()
    }

    private func currentActor() throws -> Actor {
        guard let a = actor.withLock({ $0 }) else { throw ReservationError.forbidden(role: .host, action: "do that before signing in") }
        return a
    }

    private func perform(_ effect: Effect, _ book: ReservationBook) throws -> Msg? {
        switch effect {
        case .login(let user, let password):
            // Caught generically: a typed `catch let e as ReservationError` here crashes Swift 6.3.1's SILGen.
            let staff: StaffMember
            do { staff = try book.login(username: user, password: password) } catch {
                return .loginFailed(error.description)
            }
            // A venue named at launch (--restaurant) opens only for the staff who work there.
            if let venue = restaurantID, !staff.worksAt(venue) {
                let name = (try? book.restaurant(id: venue).name) ?? "this venue"
                return .loginFailed("\(staff.displayName) does not work at \(name). Ask a manager to add it to your account.")
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
            var health = book.health()
            health.liveUpdates = liveUpdates()
            return .healthChanged(health)
        case .loadAvailability(let restaurant, let date, let party):
            return .availabilityLoaded(try book.availability(restaurantID: restaurant, date: date, party: party))
        case .explainTime(let restaurant, let date, let time, let party):
            return .timeExplained(key: BookingForm.timeKey(date, time, party),
                                  reason: try book.timeProblem(restaurantID: restaurant, date: date, time: time, party: party))
        case .searchCustomers(let restaurant, let fragment):
            return .customersFound(fragment: fragment, try book.searchCustomers(restaurantID: restaurant, fragment: fragment))
        case .loadCustomerHistory(let id):
            return .customerHistoryLoaded(id, try book.customerHistory(customerID: id))
        case .loadGuestDay(let id, let date):
            return .guestDayLoaded(id, date, try book.liveBookings(customerID: id, on: date))
        case .book(let request):
            let actor = try currentActor()
            do {
                return .booked(try book.book(request, actor: actor))
            } catch {
                // A question for the host, not a failure: the form offers the guest the phone belongs to.
                if case .phoneBelongsToGuest(let phone, let guest, let id, _) = error {
                    return .phoneBelongsToGuest(phone: phone, guest: guest, customerID: id, message: error.description)
                }
                throw error
            }
        case .apply(let action, let id):
            return .statusChanged(try book.apply(action, to: id, actor: try currentActor()))
        case .undo(let id):
            return .undone(try book.undo(id, actor: try currentActor()))
        case .change(let id, let change):
            return .reservationUpdated(try book.change(id, change, actor: try currentActor()))
        case .walkIn(let restaurant, let party, let name, let table):
            return .walkInResult(try book.walkIn(restaurantID: restaurant, party: party, name: name, tableLabel: table, actor: try currentActor()))
        case .addWaitlist(let restaurant, let name, let phone, let party, _):
            let entry = try book.addToWaitlist(restaurantID: restaurant, name: name, phone: phone, party: party, actor: try currentActor())
            return .waitlistUpdated("\(entry.name) is on the waitlist, quoted \(entry.quotedMinutes) min")
        case .seatWaitlist(let id):
            let e = try book.seatFromWaitlist(entryID: id, actor: try currentActor())
            return .waitlistUpdated("Seated \(e.customer.name) at \(e.tableLabel)")
        case .notifyWaitlist(let id):
            let w = try book.updateWaitlist(entryID: id, to: .notified, actor: try currentActor())
            return .waitlistUpdated("\(w.name) told their table is ready")
        case .removeWaitlist(let id):
            let w = try book.updateWaitlist(entryID: id, to: .removed, actor: try currentActor())
            return .waitlistUpdated("\(w.name) taken off the waitlist")
        case .acquireLease(let restaurant, let table, let start, let end):
            let holder = try currentActor().name
            guard let lease = try book.acquireLease(restaurantID: restaurant, tableID: table, start: start, end: end, holder: holder)
            else { return .healthChanged(book.health()) }
            return .leaseAcquired(lease)
        case .renewLease(let token):
            guard let restaurant = restaurantID else { return nil }
            if !book.renewLease(restaurantID: restaurant, token: token) { return .failed("The table hold lapsed; pick the table again.") }
            return nil
        case .releaseLease(let token):
            if let restaurant = restaurantID { book.releaseLease(restaurantID: restaurant, token: token) }
            return nil
        case .loadTheme(let name):
            return .themeLoaded(try ThemeFiles.load(name))
        case .quit:
            return nil
        }
    }

    /// Whether the change feed is connected, for the header (set once at start-up).
    nonisolated(unsafe) var liveUpdates: @Sendable () -> Bool = { false }

    /// Leases are per venue, and a terminal works on one venue at a time.
    private let venue = Mutex<RestaurantID?>(nil)
    var restaurantID: RestaurantID? {
        get { venue.withLock { $0 } }
        set { venue.withLock { $0 = newValue } }
    }
}

import Foundation
import Logging
import ReservaFlowUI
import ReservationCore
import ReservationDomain
import Synchronization

/// Runs the UI's effects against the core on the shared `BookExecutor` (a `ReservationBook` on a thread
/// of its own), so libpq and hiredis calls never stall the screen. Results go to the `Inbox` as messages.
/// Failures reach the UI typed; the UI words them.
public final class EffectWorker: Sendable {
    private let executor: BookExecutor
    private let inbox: Inbox
    private let configuration: Configuration
    private let timer: RetryTimer
    /// Told when the terminal switches venue (the live feed follows it).
    private let onVenueChange: @Sendable (RestaurantID) -> Void
    /// Told who signed in (nil: signed out), so the live feed watches that account for a manager's change.
    private let onSignIn: @Sendable (StaffID?) -> Void
    /// Who is signed in; set on the book's thread after login.
    private let actor = Mutex<Actor?>(nil)
    private let signedIn = Mutex<StaffMember?>(nil)
    /// Leases are per venue, and a terminal works on one venue at a time; nil until one is chosen.
    private let venue: Mutex<RestaurantID?>
    /// Whether the database was lost, and what is retried until it answers.
    private let outage = Mutex(OutageRetry())
    private let queue = Mutex(EffectQueue())

    /// - Parameters:
    ///   - venue: the venue named at launch; nil while the signed-in staff member is still to pick one.
    ///   - timer: how a retry waits: Dispatch's timer, unless the caller wants the time in its hands.
    public init(configuration: Configuration, logger: Logger, inbox: Inbox, venue: RestaurantID?,
                onVenueChange: @escaping @Sendable (RestaurantID) -> Void = { _ in },
                onSignIn: @escaping @Sendable (StaffID?) -> Void = { _ in }, timer: RetryTimer = .dispatch) {
        self.inbox = inbox
        self.configuration = configuration
        self.timer = timer
        self.onVenueChange = onVenueChange
        self.onSignIn = onSignIn
        self.venue = Mutex(venue)
        let opened = Mutex<(@Sendable (ReservationBook) -> Void)?>(nil)
        executor = BookExecutor(name: "reservaflow-worker") {
            let book = try ReservationBook(configuration: configuration, logger: logger)
            opened.withLock { $0 }?(book)
            return book
        }
        opened.withLock { $0 = { [weak self] book in self?.reopened(book) } }
    }

    /// Drops the book after the effect running; effects still queued, and retries waiting, are not sent.
    public func stop() { executor.shutdown() }

    /// Queues `effects` in order; they run one at a time on the book's thread.
    public func submit(_ effects: [Effect]) {
        queue.withLock { $0.add(effects) }
        runNext()
    }

    private func runNext() {
        guard let effect = queue.withLock({ $0.next() }) else { return }
        executor.submit({ [self] book in
            if let msg = try perform(effect, book) { inbox.post(msg) }
            finished()
        }, failed: { [self] error in
            failed(effect, error)
            finished()
        })
    }

    private func finished() {
        queue.withLock { $0.finished() }
        runNext()
    }

    /// The venue this terminal works on (leases are renewed and released there).
    var restaurantID: RestaurantID? { venue.withLock { $0 } }

    // MARK: On the book's thread

    /// A book was opened: after an outage, clear the banner now rather than at the next health check.
    private func reopened(_ book: ReservationBook) {
        if outage.withLock({ $0.reopened() }) { inbox.post(.healthChanged(book.health())) }
    }

    /// The database is down: say so, and keep what must not be dropped for when it is back (a form keeps
    /// its input). The retry waits on the timer, never on this thread, and the queue waits with it.
    private func failed(_ effect: Effect, _ error: ReservationError) {
        guard case .databaseUnavailable = error else { return inbox.post(.failed(error)) }
        let decision = outage.withLock { $0.databaseUnavailable(effect, error: error, at: Date()) }
        inbox.post(.healthChanged(ReservationBook.healthWithoutDatabase(configuration: configuration)))
        switch decision {
        case .resendBooking(let wait):
            inbox.post(.bookingWaiting)
            resend(effect, after: wait)
        case .resend(let wait, let reportingFailure):
            resend(effect, after: wait, thenReport: reportingFailure ? error : nil)
        case .fail(let error):
            if case .book = effect { inbox.post(.bookingNotSent(error)) } else { inbox.post(.failed(error)) }
        }
    }

    private func resend(_ effect: Effect, after wait: TimeInterval, thenReport failure: ReservationError? = nil) {
        queue.withLock { $0.pause() }
        timer.schedule(wait) { [weak self] in
            guard let self else { return }
            queue.withLock { $0.resume(resending: effect) }
            runNext()
            if let failure { inbox.post(.failed(failure)) }
        }
    }

    func currentActor() throws -> Actor {
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
            onSignIn(staff.id)
            return .loggedIn(staff)
        case .loadHistory(.booking(let id)):
            return .historyLoaded(.booking(id), try book.history(id, actor: try currentActor()))
        case .loadHistory(.guest(let id)):
            return .historyLoaded(.guest(id), try book.guestHistory(id, actor: try currentActor()))
        case .updateGuest(let id, let update):
            return .guestUpdated(try book.updateGuest(id, update, actor: try currentActor()))
        case .loadAdmin(let kind, let venue, let filter):
            return .adminLoaded(kind, try adminRows(kind, venue: venue, filter: filter, book), filter: filter)
        case .loadReport(let kind, let venue, let range):
            return .reportLoaded(kind == .venues ? try book.venuesReport(range: range, actor: try currentActor())
                                                 : try book.report(kind, restaurantID: venue, range: range, actor: try currentActor()))
        case .createVenue(let slug, let name, let zone):
            return .venueCreated(try book.createVenue(slug: slug, name: name, timeZone: zone, actor: try currentActor()))
        case .addGuest(let venue, let name, let phone, let email):
            return .guestAdded(try book.addGuest(restaurantID: venue, name: name, phone: phone, email: email, actor: try currentActor()))
        case .eraseGuest(let venue, let id):
            let done = try book.eraseGuest(.record(restaurant: venue, customer: id), actor: try currentActor())
            return .guestErased(id, cancelled: done.cancelled.count)
        case .changeStaff(let user, let change):
            return .staffChanged(try book.changeStaff(username: user, change, actor: try currentActor()))
        case .addClosure(let venue, let table?, let from, let to, let reason, let strand):
            return .closureChanged(.tableAdded(try book.addTableClosure(restaurantID: venue, label: table, from: from, to: to, reason: reason,
                                                                        strandingBookings: strand, actor: try currentActor())))
        case .addClosure(let venue, nil, let from, let to, let reason, let strand):
            return .closureChanged(.added(try book.addClosure(restaurantID: venue, from: from, to: to, reason: reason, strandingBookings: strand,
                                                              actor: try currentActor())))
        case .changeVenue(let venue, let edits, let strand):
            return .venueChanged(try book.changeVenue(restaurantID: venue, edits, strandingBookings: strand, actor: try currentActor()))
        case .removeClosure(let venue, let table?, let from):
            return .closureChanged(.tableRemoved(try book.removeTableClosure(restaurantID: venue, label: table, startingOn: from, actor: try currentActor())))
        case .removeClosure(let venue, nil, let from):
            return .closureChanged(.removed(try book.removeClosure(restaurantID: venue, startingOn: from, actor: try currentActor())))
        case .checkAccount(let id):
            return .accountChecked(try book.currentStaff(id: id))
        case .signOut:
            actor.withLock { $0 = nil }
            signedIn.withLock { $0 = nil }
            onSignIn(nil)
            return nil
        case .loadVenues:
            guard let staff = signedIn.withLock({ $0 }) else { return nil }
            return .venuesLoaded(try book.restaurants(for: staff))
        case .selectVenue(let venue):
            self.venue.withLock { $0 = venue.id }
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
                defer { if !book.needsReconnect { outage.withLock { $0.answered(request) } } }
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
}

extension EffectWorker {
    /// The rows of an admin screen (`:staff`, `:audit`, `:guests`), as the signed-in member may see them.
    func adminRows(_ kind: AdminScreen.Kind, venue: RestaurantID, filter: String, _ book: ReservationBook) throws -> AdminRows {
        let actor = try currentActor()
        switch kind {
        case .staff:
            let slugs = Dictionary(uniqueKeysWithValues: try book.restaurants().map { ($0.id, $0.slug) })
            return .staff(try book.staffList(actor: actor), venues: slugs)
        case .audit:
            let zone = try book.restaurant(id: venue).timeZone
            return .audit(try book.auditLog(AuditFilter(restaurantID: venue), limit: 500, actor: actor), clock: ZonedClockKey(zone))
        case .guests:
            return .guests(filter.isEmpty ? try book.customers(restaurantID: venue, limit: 500)
                                          : try book.searchCustomers(restaurantID: venue, fragment: filter, limit: 200))
        case .venue:
            let r = try book.restaurant(id: venue)
            let schedule = try book.schedule(for: r)
            return .venue(r, hours: schedule.hours, closures: schedule.closures)
        case .floor:
            // Ranges still ahead (or under way): the past ones are history (the audit log keeps them).
            let r = try book.restaurant(id: venue)
            let today = r.clock.localDate(of: Date())
            return .floor(try book.tables(restaurantID: venue), areas: try book.areas(restaurantID: venue),
                          closures: try book.schedule(for: r).tableClosures.filter { $0.days.endsOn >= today },
                          combinations: try book.combinations(restaurantID: venue))
        }
    }
}

import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 19: a client generated from docs/openapi.yaml by openapi-python-client (PyPI) runs the session
/// docs/api.md shows with curl, against the real server. The generator must not drop anything (the list
/// models of the paged operations were missing) and every answer must be one the document declares
/// (`raise_on_unexpected_status`). Without Python or PyPI this fails: it never skips.
@Suite("REST API: a generated client", .serialized)
struct OpenAPIClientTests {
    static let version = "0.29.1"
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// Runs a program; its status and its output (stdout and stderr together).
    @discardableResult
    static func run(_ path: String, _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 300) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        p.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "PIP_DISABLE_PIP_VERSION_CHECK": "1"].merging(environment) { $1 }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let killer = DispatchWorkItem { if p.isRunning { p.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let status = p.exitStatus()
        killer.cancel()
        return (status, String(decoding: data, as: UTF8.self))
    }

    /// The generator in a virtualenv of its own under .build/ (made once, like the schemathesis one):
    /// built beside and renamed into place, so a run cut short leaves no half-made venv behind.
    static func generator() throws -> String {
        let venv = root.appendingPathComponent(".build/venv-openapi-client-\(version)")
        let tool = venv.appendingPathComponent("bin/openapi-python-client").path
        if FileManager.default.isExecutableFile(atPath: tool) { return tool }
        let staging = root.appendingPathComponent(".build/venv-openapi-client-\(version).\(getpid())")
        try? FileManager.default.removeItem(at: staging)
        let (made, madeOut) = try run("/usr/bin/python3", ["-m", "venv", staging.path])
        guard made == 0 else { throw TestStackError("python3 -m venv failed (\(made)): \(madeOut.suffix(2000))") }
        let (pip, pipOut) = try run(staging.appendingPathComponent("bin/pip").path, ["install", "-q", "openapi-python-client==\(version)"])
        guard pip == 0 else { throw TestStackError("pip install openapi-python-client==\(version) failed (\(pip)): \(pipOut.suffix(2000))") }
        // Another run may have finished first: either copy will do.
        if rename(staging.path, venv.path) != 0 { try? FileManager.default.removeItem(at: staging) }
        // A venv's scripts name the staging path in their #! line: the tests run `bin/python -m` instead.
        return tool
    }

    @Test func aGeneratedPythonClientRunsTheDocumentedSession() async throws {
        let tool = try Self.generator()
        let venvPython = URL(fileURLWithPath: tool).deletingLastPathComponent().appendingPathComponent("python").path
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("rf-oapc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let config = work.appendingPathComponent("config.yaml")
        try "post_hooks: []\n".write(to: config, atomically: true, encoding: .utf8)
        let (gen, genOut) = try Self.run(venvPython, ["-m", "openapi_python_client", "generate", "--path", Self.root.appendingPathComponent("docs/openapi.yaml").path,
                                                      "--output-path", work.appendingPathComponent("rf_client").path, "--meta", "none",
                                                      "--config", config.path])
        #expect(gen == 0, "\(genOut)")
        #expect(!genOut.localizedCaseInsensitiveContains("warning"), "the generator dropped parts of the contract:\n\(genOut)")
        for model in ["restaurant_page", "table_page", "customer_page"] {
            #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("rf_client/models/\(model).py").path), "no \(model) model:\n\(genOut)")
        }

        let venue = try E2EVenue()
        let api = try APIServer(databaseURL: venue.databaseURL)
        let script = work.appendingPathComponent("session.py")
        try Self.session.write(to: script, atomically: true, encoding: .utf8)
        let state = work.appendingPathComponent("state.json").path
        let args = [script.path, work.path, api.base, state, String(venue.restaurant.id), venue.tomorrow.description]
        let (one, oneOut) = try Self.run(venvPython, args + ["book"], timeout: 120)
        #expect(one == 0, "\(oneOut)")
        // The hold e-mail's link, as the daemon writes it.
        let booked = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: state))) as? [String: Any] ?? [:]
        let id = try #require((booked["id"] as? String).flatMap(UUID.init(uuidString:)), "\(oneOut)")
        let token = ConfirmLink.token(secret: APIServer.linkSecret, reservation: id)
        let (two, twoOut) = try Self.run(venvPython, args + ["confirm-and-finish", token], timeout: 120)
        #expect(two == 0, "\(twoOut)")
        #expect(twoOut.contains("session done"), "\(twoOut)")
        #expect(try venue.book.reservation(id: id).reservation.status == .cancelled)
    }

    /// docs/api.md's curl session, through the generated client. Step "book": register, sign in, look,
    /// book (and retry with the same Idempotency-Key). Step "confirm-and-finish": follow the confirm
    /// link, list, cancel, refresh, revoke.
    static let session = #"""
    import json, sys
    work, base, state, restaurant, day, step = sys.argv[1:7]
    sys.path.insert(0, work)
    from rf_client import Client, AuthenticatedClient
    from rf_client.api.default import (get_health, post_api_auth_register, post_api_token, get_api_restaurants_restaurants,
        get_api_restaurants_restaurants_id, get_api_restaurants_restaurants_id_available_tables, get_api_restaurants_tables,
        post_api_reservations, get_api_reservations, get_api_reservations_id, get_api_reservations_id_confirm,
        delete_api_reservations_id, post_api_token_refresh, post_api_token_revoke)
    from rf_client.models import (Account, Credentials, Health, NewReservation, PostApiTokenRefreshBody, PostApiTokenRevokeBody,
        Registration, ReservationDetail, Reservation, Restaurant, RestaurantPage, Table, TablePage, Tokens)

    restaurant = int(restaurant)
    anon = Client(base_url=base, raise_on_unexpected_status=True)

    def check(cond, what):
        if not cond:
            print("FAILED:", what); sys.exit(1)

    if step == "book":
        check(isinstance(get_health.sync(client=anon), Health), "health")
        acc = post_api_auth_register.sync(client=anon, body=Registration(email="ana@example.com", password="correct horse battery",
                                                                          first_name="Ana", last_name="Ruiz", phone="600 111 222"))
        check(isinstance(acc, Account), f"register: {acc}")
        tok = post_api_token.sync(client=anon, body=Credentials(email="ana@example.com", password="correct horse battery"))
        check(isinstance(tok, Tokens), f"token: {tok}")
        check(tok.account_id == acc.id, f"the sign-in names the account registered: {tok.account_id} {acc.id}")
        venues = get_api_restaurants_restaurants.sync(client=anon)
        check(isinstance(venues, RestaurantPage) and venues.count == 1 and isinstance(venues.results[0], Restaurant), f"venues: {venues}")
        check(venues.results[0].id == restaurant, "the venue")
        one = get_api_restaurants_restaurants_id.sync(id=str(restaurant), client=anon)
        check(isinstance(one, Restaurant) and len(one.opening_hours) > 0, f"venue: {one}")
        tables = get_api_restaurants_tables.sync(client=anon, restaurant=restaurant)
        check(isinstance(tables, TablePage) and tables.count == 4 and isinstance(tables.results[0], Table), f"tables: {tables}")
        free = get_api_restaurants_restaurants_id_available_tables.sync(id=str(restaurant), client=anon, date=day, time="20:00", party_size=2)
        check(isinstance(free, list) and free and isinstance(free[0], Table), f"free: {free}")
        guest = AuthenticatedClient(base_url=base, token=tok.access, raise_on_unexpected_status=True)
        body = NewReservation(restaurant_id=restaurant, table_id=free[0].id, reservation_date=day, reservation_time="20:00",
                              party_size=2, customer_id=acc.id)
        made = post_api_reservations.sync_detailed(client=guest, body=body, idempotency_key="6f1c2d")
        check(made.status_code == 201 and isinstance(made.parsed, ReservationDetail), f"book: {made.status_code} {made.content}")
        check(made.parsed.status.value == "pending" and made.parsed.customer.email == acc.email, f"the hold: {made.parsed}")
        again = post_api_reservations.sync_detailed(client=guest, body=body, idempotency_key="6f1c2d")
        check(again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true" and again.parsed.id == made.parsed.id,
              f"retry: {again.status_code} {again.content}")
        json.dump({"id": str(made.parsed.id), "access": tok.access, "refresh": tok.refresh}, open(state, "w"))
        print("booked", made.parsed.id)
    else:
        token = sys.argv[7]
        s = json.load(open(state))
        guest = AuthenticatedClient(base_url=base, token=s["access"], raise_on_unexpected_status=True)
        ok = get_api_reservations_id_confirm.sync(id=s["id"], client=anon, token=token)
        check(isinstance(ok, ReservationDetail) and ok.status.value == "confirmed", f"confirm: {ok}")
        mine = get_api_reservations.sync(client=guest)
        check(isinstance(mine, list) and len(mine) == 1 and isinstance(mine[0], Reservation), f"list: {mine}")
        detail = get_api_reservations_id.sync(id=s["id"], client=guest)
        check(isinstance(detail, ReservationDetail), f"detail: {detail}")
        gone = delete_api_reservations_id.sync_detailed(id=s["id"], client=guest)
        check(gone.status_code == 204, f"cancel: {gone.status_code} {gone.content}")
        again = delete_api_reservations_id.sync_detailed(id=s["id"], client=guest)
        check(again.status_code == 204, f"cancel again: {again.status_code} {again.content}")
        pair = post_api_token_refresh.sync(client=anon, body=PostApiTokenRefreshBody(refresh=s["refresh"]))
        check(isinstance(pair, Tokens), f"refresh: {pair}")
        revoked = post_api_token_revoke.sync_detailed(client=anon, body=PostApiTokenRevokeBody(token=pair.refresh))
        check(revoked.status_code == 204, f"revoke: {revoked.status_code} {revoked.content}")
        print("session done")
    """#
}

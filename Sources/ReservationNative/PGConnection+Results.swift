import CLibPQ
import Foundation
import Glibc
import ReservationDomain

/// Reading what libpq answered: errors with their SQLSTATE and constraint, rows copied out once.
extension PGConnection {
    func check(_ res: OpaquePointer?) throws(PGError) {
        let status = res.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
        guard status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK else { return }
        let field = { (code: UInt8) -> String? in
            guard let res, let p = PQresultErrorField(res, Int32(code)) else { return nil }
            return String(cString: p)
        }
        let primary = field(UInt8(ascii: "M")) ?? String(cString: PQerrorMessage(conn))
        let state = field(UInt8(ascii: "C"))
        if let state, PGError.endsTheSession.contains(state) { stale = true }
        throw PGError(sqlState: state,
                      message: Redaction.message(PGConnection.oneLine(primary), connection: url),
                      constraint: field(UInt8(ascii: "n")),
                      connectionLost: !isAlive)
    }

    func rows(of res: OpaquePointer) -> [PGRow] {
        let nrows = Int(PQntuples(res)), ncols = Int(PQnfields(res))
        guard nrows > 0 else { return [] }
        let names = (0..<ncols).map { String(cString: PQfname(res, Int32($0))) }
        var bytes: [UInt8] = [], starts: [Int32] = [], lengths: [Int32] = []
        starts.reserveCapacity(nrows * ncols)
        lengths.reserveCapacity(nrows * ncols)
        for r in 0..<nrows {
            for c in 0..<ncols {
                if PQgetisnull(res, Int32(r), Int32(c)) == 1 {
                    starts.append(-1)
                    lengths.append(0)
                } else {
                    let n = Int(PQgetlength(res, Int32(r), Int32(c)))
                    starts.append(Int32(bytes.count))
                    lengths.append(Int32(n))
                    PQgetvalue(res, Int32(r), Int32(c)).withMemoryRebound(to: UInt8.self, capacity: n) {
                        bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: n))
                    }
                }
            }
        }
        let values = PGResultValues(bytes: bytes, starts: starts, lengths: lengths, names: names)
        return (0..<nrows).map { PGRow(result: values, row: $0) }
    }
}

import ReservationNative

extension RedisEndpoint {
    /// A connection to the Redis that takes writes. Direct: that server. With Sentinel, following Redis's
    /// Sentinel client rules: ask each sentinel in turn for the master's address (a sentinel that does not
    /// answer, or does not know the master, is skipped), connect there, and confirm with ROLE that it is the
    /// master now: an address learnt just before a failover may be a replica already. hiredis 0.14 has no
    /// Sentinel support, so this is the client's half of it.
    public func connect(timeoutMillis: Int = 300) throws(RedisError) -> RedisConnection {
        guard let masterName else {
            return try RedisConnection(host: host, port: port, password: password, database: database, timeoutMillis: timeoutMillis)
        }
        var reasons: [String] = []
        for sentinel in sentinels {
            let address: (host: String, port: Int32)
            do {
                let s = try RedisConnection(host: sentinel.host, port: sentinel.port, password: nil, timeoutMillis: timeoutMillis)
                if let password { try authenticate(s, password) }
                let reply = try s.command(["SENTINEL", "get-master-addr-by-name", masterName]).array
                guard reply.count == 2, let h = reply[0].string, let p = reply[1].string.flatMap({ Int32($0) }) else {
                    reasons.append("\(sentinel.host):\(sentinel.port) does not know \(masterName)")
                    continue
                }
                address = (h, p)
            } catch {
                reasons.append("\(sentinel.host):\(sentinel.port): \(error.message)")
                continue
            }
            let master = try RedisConnection(host: address.host, port: address.port, password: password, database: database,
                                             timeoutMillis: timeoutMillis)
            guard try master.command(["ROLE"]).array.first?.string == "master" else {
                throw RedisError(message: "\(address.host):\(address.port) is not the master of \(masterName) (a failover is under way)",
                                 connectionLost: true)
            }
            return master
        }
        throw RedisError(message: "no sentinel gave the master of \(masterName): " + reasons.joined(separator: "; "), connectionLost: true)
    }

    /// Sentinels may or may not require the password: one that has none set refuses AUTH, and is used as is.
    private func authenticate(_ sentinel: RedisConnection, _ password: String) throws(RedisError) {
        do { _ = try sentinel.command(["AUTH", password]) } catch {
            guard !error.connectionLost, error.message.localizedCaseInsensitiveContains("no password is set")
                    || error.message.localizedCaseInsensitiveContains("without any password configured") else { throw error }
        }
    }
}

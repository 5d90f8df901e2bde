import Foundation
import ReservaFlowAPI
import Testing

/// docs/openapi.yaml says what the server serves: the same paths and methods, no more, no fewer.
@Suite("REST API: the OpenAPI document")
struct OpenAPIDocTests {
    static var document: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)) ?? ""
    }

    /// `(METHOD, path)` pairs under `paths:` (two-space path keys, four-space method keys).
    static func operations(_ yaml: String) -> Set<String> {
        var out: Set<String> = []
        var inPaths = false
        var path: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let p = path, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let key = line.dropFirst(4).split(separator: ":").first.map(String.init) ?? ""
                if ["get", "post", "patch", "put", "delete"].contains(key) { out.insert("\(key.uppercased()) \(p)") }
            }
        }
        return out
    }

    @Test func everyRouteIsDocumentedAndNothingElse() {
        let documented = Self.operations(Self.document)
        let served = Set(API.routes.map { "\($0.method) \($0.path)" })
        #expect(!documented.isEmpty)
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
        #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
        #expect(Self.document.hasPrefix("openapi: 3.1"))
    }

    @Test func theParserSeesAMissingOperation() {
        let trimmed = Self.document.replacingOccurrences(of: "  /api/customers/{id}/:\n    get:", with: "  /api/customers/{id}/:\n    x-removed:")
        #expect(Self.operations(trimmed).count == Self.operations(Self.document).count - 1)
    }
}

extension APITests {
    /// The list the document is compared with is the router's: every entry reaches a handler (the
    /// router's own 404 says "No existe").
    @Test func everyListedRouteIsServed() async throws {
        for route in API.routes {
            let path = route.path.replacingOccurrences(of: "{id}", with: "1")
            let answer = try await api.call(route.method, path, body: route.method == "POST" || route.method == "PATCH" ? "{}" : nil)
            #expect(!(answer.object["error"] as? String ?? "").hasPrefix("No existe"), "\(route.method) \(path): \(answer.text)")
        }
    }
}

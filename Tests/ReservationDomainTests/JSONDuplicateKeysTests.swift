import Foundation
import Testing
@testable import ReservationDomain

/// Issue 19: a JSON object that names a key twice is found, whatever the spelling of the key, at any depth.
@Suite("JSON duplicate keys")
struct JSONDuplicateKeysTests {
    func first(_ text: String) -> String? { JSONDuplicateKeys.first(in: Array(text.utf8)) }

    @Test func findsTheFirstKeyNamedTwice() {
        #expect(first(#"{"restaurant_id":2,"restaurant_id":1}"#) == "restaurant_id")
        #expect(first(#"{"a":1,"b":2,"b":3,"a":4}"#) == "b")
        // Escapes are the same key: \u0061 is "a", a surrogate pair is one character.
        #expect(first(#"{"party_size":2,"p\u0061rty_size":3}"#) == "party_size")
        #expect(first(#"{"\ud83d\ude00":1,"😀":2}"#) == "😀")
        #expect(first(#"{"a\"b":1,"a\u0022b":2}"#) == "a\"b")
        // Nested objects, and objects inside arrays, by their path.
        #expect(first(#"{"x":{"a":1,"a":2}}"#) == "x.a")
        #expect(first(#"{"x":[{"a":1},{"a":1,"a":2}]}"#) == "x.a")
        #expect(first(#"  { "a" : 1 ,  "a" : 2 }  "#) == "a")
    }

    @Test func acceptsWhatIsNotADuplicate() {
        for text in [#"{}"#, #"[]"#, #"{"a":1,"A":2}"#, #"{"a":{"a":1}}"#, #"[{"a":1},{"a":2}]"#, #"{"a":"a","b":"a"}"#,
                     #"{"a":[1,2,{"b":null}],"b":true,"c":-1.5e3}"#, #""text""#, "42"] {
            #expect(first(text) == nil, "\(text)")
        }
    }

    @Test func leavesMalformedJSONToTheParser() {
        for text in [#"{"a":1,"a""#, #"{"a" 1,"a":2}"#, #"{"a":1,,"a":2}"#, #"{"a":"\x"}"#, "", "{", #"{"a":1}}"#] {
            #expect(first(text) == nil, "\(text)")
        }
        // As deep as Foundation's parser goes, and no deeper: no stack overflow.
        #expect(first(String(repeating: "[", count: 100_000)) == nil)
    }
}

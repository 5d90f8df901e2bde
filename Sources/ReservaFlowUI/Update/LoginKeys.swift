import Foundation

extension AppState {
    mutating func loginKey(_ key: Key, _ fx: inout [Effect]) {
        if key == .ctrl("c") || key == .ctrl("q") || (key == .esc && login.username.isEmpty && login.password.isEmpty) {
            quit(&fx)
            return
        }
        guard !login.busy else { return }
        switch key {
        case .esc:
            login = LoginForm()
        case .tab, .backTab, .down, .up:
            login.focus = login.focus == .username ? .password : .username
        case .enter:
            if login.focus == .username && login.password.isEmpty {
                login.focus = .password
            } else if login.username.trimmed.isEmpty {
                login.error = "Type your username."
                login.focus = .username
            } else {
                login.busy = true
                login.error = nil
                fx.append(.login(username: login.username.trimmed, password: login.password.text))
            }
        default:
            if login.focus == .username { login.username.apply(key) } else { login.password.apply(key) }
            login.error = nil
        }
    }
}

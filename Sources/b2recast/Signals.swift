import Foundation
import HEPDataTables

/// What SIGINT, SIGTERM and SIGHUP do (issue 17, part 3): the run stops, removes what it
/// registered in `InterruptCleanup` (staging folders, unpacked archives, output folders it
/// created while still empty) after stopping its child processes, and exits with 128 + the
/// signal number. The previous outputs stay as they were.
///
/// The signals are blocked in every thread (the mask is set before the first thread starts, and
/// threads inherit it) and taken by one thread that waits for them with sigwait. That thread is
/// an ordinary thread, not a signal handler, so it may remove folders; it takes the cleanup lock
/// first, so a commit (the renames, run under that lock) that has begun completes before the
/// run stops: the output is then the whole new one, never a mix of old and new files.
///
/// Signals ignored when the run starts stay ignored. Child processes inherit the blocked mask
/// (Foundation's Process keeps it), which is why the cleanup kills them itself.
///
/// SIGKILL cannot be caught: a run killed with it leaves its staging folder, which the next run
/// into that folder removes (or, if the kill came during a commit, completes), see `StagedOutput`.
enum Signals {
    static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the handling; called first in `main`, before any other thread exists.
    static func install() {
        var set = sigset_t()
        sigemptyset(&set)
        // A signal the run was started ignoring (nohup's SIGHUP, SIGINT in a background job)
        // stays ignored: blocked, it would be queued and taken.
        for signal in handled where !isIgnored(signal) { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let waiting = set
        let thread = Thread {
            var set = waiting
            var received: Int32 = 0
            while sigwait(&set, &received) != 0 {}
            InterruptCleanup.shared.interrupt()
            _exit(128 + received)
        }
        thread.name = "b2recast signals"
        thread.start()
    }

    /// Whether `signal`'s action is SIG_IGN.
    static func isIgnored(_ signal: Int32) -> Bool {
        var action = sigaction()
        guard sigaction(signal, nil, &action) == 0 else { return false }
        #if os(Linux)
        let handler = action.__sigaction_handler.sa_handler
        #else
        let handler = action.__sigaction_u.__sa_handler
        #endif
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }
}

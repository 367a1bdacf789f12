import Foundation

/// body(0 ..< count) on at most `threads` threads (all cores when nil), results in index order
/// whatever the order of completion. Each worker takes the next index until none is left or a
/// body has thrown; the first error is rethrown. `progress` gets (done, count) after each item,
/// under a lock, so the counts arrive in increasing order.
func parallelMap<T: Sendable>(_ count: Int, threads: Int? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil,
                              _ body: @escaping @Sendable (Int) throws -> T) throws -> [T] {
    let work = ParallelWork<T>(count: count, progress: progress)
    let workers = Swift.max(1, Swift.min(threads ?? ProcessInfo.processInfo.activeProcessorCount, count))
    if workers == 1 {
        work.drain(body)
    } else {
        DispatchQueue.concurrentPerform(iterations: workers) { _ in work.drain(body) }
    }
    return try work.results()
}

/// The shared state of `parallelMap`: the next index to hand out, the result slots and the first
/// failure, all behind one lock.
private final class ParallelWork<T>: @unchecked Sendable {
    private var slots: [T?]
    private var next = 0
    private var done = 0
    private var failure: Error?
    private let progress: (@Sendable (Int, Int) -> Void)?
    private let lock = NSLock()

    init(count: Int, progress: (@Sendable (Int, Int) -> Void)?) {
        slots = Array(repeating: nil, count: count)
        self.progress = progress
    }

    /// Runs `body` on indices taken one at a time until none is left or one has failed.
    func drain(_ body: (Int) throws -> T) {
        while let index = take() {
            do {
                let value = try body(index)
                lock.withLock {
                    slots[index] = value
                    done += 1
                    progress?(done, slots.count)
                }
            } catch {
                lock.withLock { failure = failure ?? error }
            }
        }
    }

    private func take() -> Int? {
        lock.withLock {
            guard failure == nil, next < slots.count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func results() throws -> [T] {
        try lock.withLock {
            if let failure { throw failure }
            return slots.map { $0! }
        }
    }
}

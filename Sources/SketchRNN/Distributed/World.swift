import Foundation

/// How this process was started: alone, or as one rank of an MPI job.
package enum World {
    /// Ranks the launcher says the job has (`mpirun`: Open MPI, MPICH's hydra, PMIx launchers), nil
    /// when the process was not started by an MPI launcher.
    package static var launcherSize: Int? {
        let env = ProcessInfo.processInfo.environment
        for key in ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"] {
            if let n = env[key].flatMap({ Int($0) }) { return n }
        }
        return nil
    }

    /// On a Ctrl-C or SIGTERM, Open MPI's mpirun sends the ranks SIGCONT, waits
    /// `odls_base_sigkill_timeout` seconds (1 by default), sends SIGTERM, waits as long again and
    /// kills them: one second is too short to finish a step and write the checkpoint. What to do
    /// about it, when it applies.
    package static var interruptNote: String? {
        let env = ProcessInfo.processInfo.environment
        guard let n = env["OMPI_COMM_WORLD_SIZE"].flatMap({ Int($0) }), n > 1 else { return nil }
        let timeout = env["OMPI_MCA_odls_base_sigkill_timeout"].flatMap { Int($0) } ?? 1
        guard timeout < 30 else { return nil }
        return "after a Ctrl-C, mpirun gives the ranks \(timeout) s from its SIGTERM to its SIGKILL to finish the step and write "
            + "the checkpoint; start it with --mca odls_base_sigkill_timeout 60 (or export OMPI_MCA_odls_base_sigkill_timeout=60) "
            + "to keep Ctrl-C's checkpoint of a large model"
    }

    /// Whether this build can join an MPI job (`swift build --traits MPI`).
    package static var hasMPI: Bool {
        #if MPI
        return true
        #else
        return false
        #endif
    }

    /// The communicator of this process: MPI's world when started under an MPI launcher, one
    /// process otherwise. A build without MPI started as one of several ranks is refused: each rank
    /// would train a model of its own and all would write the same files.
    package static func join() throws -> Communicator {
        guard let n = launcherSize else { return SingleProcess() }
        #if MPI
        return try MPICommunicator()
        #else
        if n <= 1 { return SingleProcess() }
        throw DistributedError.notBuiltWithMPI(ranks: n)
        #endif
    }
}

package enum DistributedError: Error, CustomStringConvertible, LocalizedError {
    case notBuiltWithMPI(ranks: Int)
    case mpi(String)
    case batchNotDivisible(batch: Int, ranks: Int)

    package var description: String {
        switch self {
        case .notBuiltWithMPI(let n):
            return "started as one of \(n) MPI ranks, but this sketch was built without MPI. Build it with MPI "
                + "(`make release`, which installs Open MPI on Debian/Ubuntu, or `swift build -c release --traits MPI` "
                + "with libopenmpi-dev installed) for distributed training, or run it without mpirun"
        case .mpi(let why):
            return "MPI: \(why)"
        case .batchNotDivisible(let batch, let ranks):
            let lower = batch / ranks * ranks, upper = lower + ranks
            return "--batch \(batch) (the global batch) does not divide into \(ranks) ranks' equal shares: use --batch "
                + (lower > 0 ? "\(lower) or \(upper)" : "\(upper)") + ", or a number of ranks that divides \(batch)"
        }
    }
    package var errorDescription: String? { description }
}

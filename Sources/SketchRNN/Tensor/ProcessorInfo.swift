import Foundation

/// The processor as the operating system reports it: its name and the instruction-set features
/// that decide which BLAS kernels can run on it.
package struct ProcessorInfo: Sendable, Equatable {
    /// The marketing name, for example "Intel(R) Xeon(R) Processor" or "AMD EPYC 7B13".
    package var modelName: String
    /// The vendor string, for example "GenuineIntel" or "AuthenticAMD".
    package var vendor: String
    /// CPUID family and model numbers (x86), which name a processor generation more exactly than its name.
    package var family: Int?
    package var model: Int?
    /// Feature flags in the kernel's spelling (`avx2`, `fma`, `avx512f`, `avx512_bf16`, …).
    package var features: Set<String>

    package init(modelName: String, vendor: String = "", family: Int? = nil, model: Int? = nil, features: Set<String>) {
        self.modelName = modelName
        self.vendor = vendor
        self.family = family
        self.model = model
        self.features = features
    }

    /// A one-line description: name, and family/model where known.
    package var summary: String {
        guard let family, let model else { return modelName }
        return "\(modelName) (family \(family), model \(model))"
    }

    /// The processor this process runs on; the name alone where the system gives no feature list
    /// (macOS, or Linux without /proc).
    package static let current: ProcessorInfo = {
        #if os(Linux)
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8), let info = parse(cpuinfo: text) {
            return info
        }
        #endif
        return ProcessorInfo(modelName: "unknown processor", features: [])
    }()

    /// Reads the first processor's entry of Linux's `/proc/cpuinfo`. The kernel lists only the
    /// features that both the processor and the operating system support (AVX-512 state saving
    /// included), which is what a kernel choice needs; CPUID alone would not say the latter.
    static func parse(cpuinfo text: String) -> ProcessorInfo? {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                if !fields.isEmpty { break }  // the first processor's block is enough
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if fields[key] == nil { fields[key] = value }
        }
        guard !fields.isEmpty else { return nil }
        // ARM kernels list "Features" rather than "flags".
        let flags = fields["flags"] ?? fields["Features"] ?? ""
        return ProcessorInfo(
            modelName: fields["model name"] ?? fields["Model name"] ?? fields["CPU part"].map { "CPU part \($0)" } ?? "unknown processor",
            vendor: fields["vendor_id"] ?? fields["CPU implementer"] ?? "",
            family: fields["cpu family"].flatMap { Int($0) },
            model: fields["model"].flatMap { Int($0) },
            features: Set(flags.split(separator: " ").map(String.init)))
    }
}

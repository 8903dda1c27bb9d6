using System.Security.Cryptography;
using Mle.Errors;

namespace Mle.Artifacts;

/// <summary>SHA-256 content addresses: lower-case hex, 64 characters.</summary>
public static class ContentHash
{
    public const int Length = 64;

    public static string Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static bool IsValid(string? sha256) =>
        sha256 is { Length: Length } && sha256.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>Rejects anything that is not a hash, so an address can never name a path outside the store.</summary>
    public static string Validate(string? sha256) =>
        IsValid(sha256)
            ? sha256!
            : throw MleErrors.InvalidRequest($"'{sha256}' is not a SHA-256 content hash (64 lower-case hex digits).", "sha256");
}

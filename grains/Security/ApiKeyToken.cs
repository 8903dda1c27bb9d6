using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Mle.Security;

/// <summary>
/// An API key as a caller presents it: <c>mle_&lt;id&gt;_&lt;secret&gt;</c>. The id names the key's grain (so a
/// key is found without a scan, and listed and revoked by it); the secret is 256 random bits, stored only as its
/// SHA-256. A fast hash is enough here: slow hashes (PBKDF2, Argon2) exist to stretch the few bits of a password
/// a person chose, while guessing a 256-bit random secret is hopeless at any hashing speed, so a leaked hash
/// reveals nothing usable and validation stays a microsecond on every request.
/// </summary>
public sealed partial record ApiKeyToken(string Id, string Secret)
{
    public const string Prefix = "mle_";

    /// <summary>The shortest secret accepted (a configured bootstrap key included): 32 characters.</summary>
    public const int MinSecretLength = 32;

    [GeneratedRegex(@"^mle_([a-z0-9]{1,64})_([A-Za-z0-9_-]{32,256})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>A new key: a 64-bit id and a 256-bit secret, both from the system's cryptographic generator.</summary>
    public static ApiKeyToken Generate() =>
        new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    [GeneratedRegex(@"^[a-z0-9]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    /// <summary>Whether <paramref name="id"/> can name a key (so it can name a grain).</summary>
    public static bool IsId(string? id) => id is not null && IdPattern().IsMatch(id);

    public static bool TryParse(string? text, [NotNullWhen(true)] out ApiKeyToken? token)
    {
        token = null;
        if (text is null || Pattern().Match(text) is not { Success: true } match)
        {
            return false;
        }
        token = new ApiKeyToken(match.Groups[1].Value, match.Groups[2].Value);
        return true;
    }

    /// <summary>The hex SHA-256 of the secret: what the key's grain stores and compares.</summary>
    public string SecretHash => Hash(Secret);

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares two hashes in constant time, so timing does not tell how much of a guess was right.</summary>
    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    public override string ToString() => $"{Prefix}{Id}_{Secret}";
}

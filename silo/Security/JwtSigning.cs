using Microsoft.IdentityModel.Tokens;

namespace Mle.Silo.Security;

/// <summary>The static signing key of <c>Mle:Security:Jwt:SigningKey</c>, for installations without discovery.</summary>
internal static class JwtSigning
{
    public const int MinKeyBytes = 32;

    public static SymmetricSecurityKey? Key(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var length) && length >= MinKeyBytes
            ? new SymmetricSecurityKey(bytes[..length])
            : null;
    }
}

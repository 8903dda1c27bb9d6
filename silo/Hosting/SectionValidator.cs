using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Mle.Silo.Hosting;

/// <summary>
/// Checks an options class's data annotations and reports each failure by its full setting path
/// (<c>Mle:Limits:MaxBatchRows</c>), the name a person types in appsettings or an environment variable.
/// </summary>
internal sealed class SectionValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(results.Select(result =>
            $"{section}:{string.Join(",", result.MemberNames)}: {result.ErrorMessage}"));
    }
}

using System.Text.RegularExpressions;

namespace LlmObservability.Pricing;

/// <summary>Produces the names under which a reported model id may be found in the pricing catalogue.</summary>
/// <remarks>
/// The order is: the name as reported, then without a provider prefix (<c>openai/</c>, Bedrock's
/// <c>us.anthropic.</c>), then without each trailing version suffix in turn (<c>-v2:0</c>, <c>@20241022</c>,
/// <c>-2024-08-06</c>, <c>-20241022</c>, <c>-0613</c>, <c>-001</c>). There is deliberately no looser prefix match:
/// <c>gpt-4.1</c> must never be priced as <c>gpt-4</c>.
/// </remarks>
internal static partial class ModelNameResolver
{
    public static IEnumerable<string> Candidates(string modelName)
    {
        string name = modelName.Trim();
        yield return name;

        string withoutPrefix = RemoveProviderPrefix(name);
        if (!string.Equals(withoutPrefix, name, StringComparison.Ordinal))
        {
            yield return withoutPrefix;
        }

        string current = withoutPrefix;
        while (VersionSuffix().Match(current) is { Success: true } match && match.Index > 0)
        {
            current = current[..match.Index];
            yield return current;
        }
    }

    private static string RemoveProviderPrefix(string name)
    {
        int slash = name.LastIndexOf('/');
        if (slash >= 0 && slash < name.Length - 1)
        {
            name = name[(slash + 1)..];
        }

        Match bedrock = BedrockPrefix().Match(name);
        return bedrock.Success && bedrock.Length < name.Length ? name[bedrock.Length..] : name;
    }

    [GeneratedRegex(@"^(?:(?:us|eu|apac|us-gov|global|jp|au|ca)\.)?(?:anthropic|meta|amazon|mistral|cohere|ai21|deepseek|openai|google|qwen|writer)\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BedrockPrefix();

    [GeneratedRegex(@"(?:-v\d+(?::\d+)?|@\d{8}|-\d{4}-\d{2}-\d{2}|-\d{8}|-\d{4}|-\d{3})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VersionSuffix();
}

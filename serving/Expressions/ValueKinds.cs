namespace Mle.Serving.Expressions;

public static class ValueKinds
{
    /// <summary>The name of a type in messages and in the README: <c>number</c>, <c>string</c>, <c>bool</c>, ...</summary>
    public static string DisplayName(this ValueKind kind) => kind switch
    {
        ValueKind.Null => "null",
        ValueKind.Boolean => "bool",
        ValueKind.Number => "number",
        ValueKind.String => "string",
        ValueKind.Object => "object",
        ValueKind.Vector => "vector",
        ValueKind.List => "list",
        _ => kind.ToString(),
    };
}

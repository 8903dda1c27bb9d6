using Microsoft.ML;
using Microsoft.ML.Data;
using Mle.Schema;

namespace Mle.Scoring.MlNet;

/// <summary>
/// How one ML.NET column maps to our schema. Items are R4, R8, I4, I8, U4, Boolean, Text or a key
/// (stored as U4); a column is a scalar or a vector of such items.
/// </summary>
/// <param name="Kind">The element kind callers see.</param>
/// <param name="Width">Values per row: 1 for a scalar, N for a fixed-size vector, 0 for a variable-size one.</param>
/// <param name="IsVector">Whether ML.NET holds the value in a <c>VBuffer</c>.</param>
/// <param name="HasKeyValues">A key column that carries its values (e.g. the label strings): callers see the values.</param>
internal sealed record MlNetColumnType(ScalarKind Kind, int Width, bool IsVector, bool HasKeyValues)
{
    public const string KeyValuesAnnotation = "KeyValues";

    public ColumnSchema ToSchema(string name) => IsVector
        ? new ColumnSchema(name, Kind, Width, [Width == 0 ? -1 : Width])
        : ColumnSchema.Scalar(name, Kind);

    /// <summary>The mapping of <paramref name="column"/>, or null when its type is one we do not serve.</summary>
    /// <param name="column">The ML.NET column.</param>
    /// <param name="showKeyValues">For outputs: show a key that carries its values as those values.</param>
    public static MlNetColumnType? Of(DataViewSchema.Column column, bool showKeyValues)
    {
        var type = column.Type;
        var isVector = type is VectorDataViewType;
        var itemType = type is VectorDataViewType vector ? vector.ItemType : type;
        var width = type is VectorDataViewType v ? v.Size : 1;
        if (itemType is KeyDataViewType key)
        {
            if (key.RawType != typeof(uint))
            {
                return null;
            }
            // An output scalar key that carries its values (a predicted label mapped from strings) is shown as
            // those values: a caller wants "setosa", not key 3. Inputs, key vectors and keys without values
            // stay raw uint keys (1-based, 0 = missing), as ML.NET holds them.
            var valuesKind = isVector || !showKeyValues ? null : KeyValuesKind(column);
            return valuesKind is { } kind
                ? new MlNetColumnType(kind, width, isVector, HasKeyValues: true)
                : new MlNetColumnType(ScalarKind.UInt32, width, isVector, HasKeyValues: false);
        }
        return KindOf(itemType) is { } k ? new MlNetColumnType(k, width, isVector, HasKeyValues: false) : null;
    }

    private static ScalarKind? KindOf(DataViewType itemType) =>
        itemType == NumberDataViewType.Single ? ScalarKind.Single
        : itemType == NumberDataViewType.Double ? ScalarKind.Double
        : itemType == NumberDataViewType.Int32 ? ScalarKind.Int32
        : itemType == NumberDataViewType.Int64 ? ScalarKind.Int64
        : itemType == NumberDataViewType.UInt32 ? ScalarKind.UInt32
        : itemType is BooleanDataViewType ? ScalarKind.Boolean
        : itemType is TextDataViewType ? ScalarKind.String
        : null;

    private static ScalarKind? KeyValuesKind(DataViewSchema.Column column)
    {
        var values = column.Annotations.Schema.GetColumnOrNull(KeyValuesAnnotation);
        return values?.Type is VectorDataViewType { ItemType: var item } && item is not KeyDataViewType ? KindOf(item) : null;
    }
}

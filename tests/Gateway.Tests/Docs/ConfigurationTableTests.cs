using FlowGrain.Gateway.Tests.Infrastructure;

namespace FlowGrain.Gateway.Tests.Docs;

/// <summary>The README's configuration table lists every setting the processes read, and nothing they do not.</summary>
public sealed class ConfigurationTableTests
{
    [Fact]
    public void Every_setting_of_every_options_class_is_in_the_readme_table_and_every_row_is_a_setting()
    {
        var rows = SettingKeys.ReadmeRows().Keys.Order(StringComparer.Ordinal).ToList();

        Assert.True(SettingKeys.All.Count > 30, $"only {SettingKeys.All.Count} settings found");
        Assert.Equal(SettingKeys.All, rows);
    }
}

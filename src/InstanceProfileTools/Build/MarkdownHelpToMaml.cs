// Compiled by MSBuild's RoslynCodeTaskFactory at build time (see InstanceProfileTools.csproj), not into the module.
// Turns module/help/<Cmdlet>.md (platyPS-style markdown) into the MAML file PowerShell's Get-Help reads for a
// compiled module: en-US/InstanceProfileTools.dll-Help.xml. platyPS is not available here; this covers the subset
// the help files use: synopsis, description, examples, parameters (with their yaml block), inputs, outputs, notes.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class MarkdownHelpToMaml : Task
{
    private static readonly XNamespace s_msh = "http://msh";
    private static readonly XNamespace s_maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace s_command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace s_dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    [Required]
    public ITaskItem[] MarkdownFiles { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string OutputFile { get; set; } = string.Empty;

    public override bool Execute()
    {
        var helpItems = new XElement(s_msh + "helpItems", new XAttribute("schema", "maml"),
            new XAttribute(XNamespace.Xmlns + "maml", s_maml), new XAttribute(XNamespace.Xmlns + "command", s_command),
            new XAttribute(XNamespace.Xmlns + "dev", s_dev));
        foreach (ITaskItem file in MarkdownFiles.OrderBy(f => f.ItemSpec, StringComparer.Ordinal))
        {
            try
            {
                helpItems.Add(Command(File.ReadAllText(file.ItemSpec)));
            }
            catch (FormatException error)
            {
                Log.LogError("{0}: {1}", file.ItemSpec, error.Message);
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputFile))!);
        new XDocument(new XDeclaration("1.0", "utf-8", null), helpItems).Save(OutputFile);
        return !Log.HasLoggedErrors;
    }

    private static XElement Command(string markdown)
    {
        Dictionary<string, string> sections = Split(markdown, "## ");
        string name = Regex.Match(markdown, @"^# (\S+)", RegexOptions.Multiline).Groups[1].Value;
        if (name.Length == 0 || !name.Contains("-")) throw new FormatException("the first heading must be '# Verb-Noun'");
        string[] verbNoun = name.Split(new[] { '-' }, 2);
        List<Parameter> parameters = Split(Section(sections, "PARAMETERS"), "### ")
            .Where(p => p.Key != "CommonParameters")
            .Select(p => Parameter.Parse(p.Key, p.Value))
            .ToList();

        return new XElement(s_command + "command",
            new XElement(s_command + "details",
                new XElement(s_command + "name", name),
                new XElement(s_command + "verb", verbNoun[0]),
                new XElement(s_command + "noun", verbNoun[1]),
                new XElement(s_maml + "description", Paragraphs(Section(sections, "SYNOPSIS")))),
            new XElement(s_maml + "description", Paragraphs(Section(sections, "DESCRIPTION"))),
            new XElement(s_command + "syntax", Syntax(name, parameters)),
            new XElement(s_command + "parameters", parameters.Select(p => p.ToMaml(includeType: true))),
            new XElement(s_command + "inputTypes", TypeList(sections, "INPUTS", "inputType")),
            new XElement(s_command + "returnValues", TypeList(sections, "OUTPUTS", "returnValue")),
            new XElement(s_maml + "alertSet", new XElement(s_maml + "alert", Paragraphs(Section(sections, "NOTES")))),
            new XElement(s_command + "examples", Split(Section(sections, "EXAMPLES"), "### ").Select(Example)),
            new XElement(s_command + "relatedLinks", Regex.Matches(Section(sections, "RELATED LINKS"), @"\[([^\]]+)\]\(([^)]*)\)").Cast<Match>()
                .Select(m => new XElement(s_maml + "navigationLink", new XElement(s_maml + "linkText", m.Groups[1].Value), new XElement(s_maml + "uri", m.Groups[2].Value)))));
    }

    // One syntax item per parameter set; parameters marked "(All)" belong to every set.
    private static IEnumerable<XElement> Syntax(string name, List<Parameter> parameters)
    {
        List<string> sets = parameters.SelectMany(p => p.Sets).Where(s => s != "(All)").Distinct().ToList();
        if (sets.Count == 0) sets.Add("(All)");
        return sets.Select(set => new XElement(s_command + "syntaxItem",
            new XElement(s_maml + "name", name),
            parameters.Where(p => p.Sets.Contains("(All)") || p.Sets.Contains(set)).Select(p => p.ToMaml(includeType: false))));
    }

    private static XElement Example(KeyValuePair<string, string> example)
    {
        Match code = Regex.Match(example.Value, "```(?:powershell)?\\s*\\n(.*?)\\n```", RegexOptions.Singleline);
        if (!code.Success) throw new FormatException($"example '{example.Key}' has no ```powershell block");
        // Output samples after the code keep their text, without the fences.
        string remarks = Regex.Replace(example.Value.Substring(code.Index + code.Length), "^```\\w*\\s*$", string.Empty, RegexOptions.Multiline);
        return new XElement(s_command + "example",
            new XElement(s_maml + "title", "-------------------------- " + example.Key + " --------------------------"),
            new XElement(s_dev + "code", code.Groups[1].Value.Trim()),
            new XElement(s_dev + "remarks", Paragraphs(remarks)));
    }

    private static IEnumerable<XElement> TypeList(Dictionary<string, string> sections, string section, string element) =>
        Split(Section(sections, section), "### ").Select(t => new XElement(s_command + element,
            new XElement(s_dev + "type", new XElement(s_maml + "name", t.Key)),
            new XElement(s_maml + "description", Paragraphs(t.Value))));

    private static IEnumerable<XElement> Paragraphs(string text) =>
        Regex.Split(text.Trim(), @"\r?\n\s*\r?\n").Where(p => p.Trim().Length > 0)
            .Select(p => new XElement(s_maml + "para", Regex.Replace(p.Trim(), @"\s*\r?\n\s*", " ")));

    private static string Section(Dictionary<string, string> sections, string name) =>
        sections.TryGetValue(name, out string? text) ? text : string.Empty;

    // Splits at headings of one level ("## " or "### "), outside code fences: heading text -> body.
    private static Dictionary<string, string> Split(string markdown, string marker)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        string? heading = null;
        var body = new List<string>();
        bool inFence = false;
        foreach (string line in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            if (!inFence && line.StartsWith(marker, StringComparison.Ordinal))
            {
                if (heading != null) result[heading] = string.Join("\n", body);
                heading = line.Substring(marker.Length).Trim();
                body.Clear();
            }
            else if (heading != null)
            {
                body.Add(line);
            }
        }

        if (heading != null) result[heading] = string.Join("\n", body);
        return result;
    }

    private sealed class Parameter
    {
        private Parameter(string name, string description, Dictionary<string, string> fields)
        {
            Name = name;
            Description = description;
            Fields = fields;
            Sets = Field("Parameter Sets", "(All)").Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        }

        public string Name { get; }

        public string Description { get; }

        public Dictionary<string, string> Fields { get; }

        public List<string> Sets { get; }

        public static Parameter Parse(string heading, string body)
        {
            Match yaml = Regex.Match(body, "```yaml\\s*\\n(.*?)\\n```", RegexOptions.Singleline);
            if (!yaml.Success) throw new FormatException($"parameter '{heading}' has no ```yaml block");
            var fields = yaml.Groups[1].Value.Split('\n').Select(l => l.Split(new[] { ':' }, 2)).Where(kv => kv.Length == 2)
                .ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim(), StringComparer.Ordinal);
            return new Parameter(heading.TrimStart('-'), body.Substring(0, yaml.Index), fields);
        }

        public XElement ToMaml(bool includeType)
        {
            string type = Field("Type", "Object");
            string position = Field("Position", "Named");
            var element = new XElement(s_command + "parameter",
                new XAttribute("required", Field("Required", "False").ToLowerInvariant()),
                new XAttribute("variableLength", "true"),
                new XAttribute("globbing", Field("Accept wildcard characters", "False").ToLowerInvariant()),
                new XAttribute("pipelineInput", Field("Accept pipeline input", "False")),
                new XAttribute("position", position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : position),
                new XAttribute("aliases", Field("Aliases", "none")),
                new XElement(s_maml + "name", Name),
                new XElement(s_maml + "description", Paragraphs(Description)));
            if (!type.Equals("SwitchParameter", StringComparison.Ordinal))
            {
                element.Add(new XElement(s_command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), type));
            }

            if (includeType)
            {
                element.Add(new XElement(s_dev + "type", new XElement(s_maml + "name", type)));
                element.Add(new XElement(s_dev + "defaultValue", Field("Default value", "None")));
            }

            return element;
        }

        private string Field(string key, string fallback) =>
            Fields.TryGetValue(key, out string? value) && value.Length > 0 ? value : fallback;
    }
}

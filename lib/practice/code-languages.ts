// Languages a code block (a hotspot's snippet, an exhibit) is named with, and their names.
// On their own so the runner can name them without loading the validation schemas.

export const CODE_LANGUAGES = ["azure-cli", "powershell", "bicep", "arm-json", "json", "kql", "output"] as const;
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];
export const CODE_LANGUAGE_LABELS: Record<CodeLanguage, string> = {
  "azure-cli": "Azure CLI",
  powershell: "Azure PowerShell",
  bicep: "Bicep",
  "arm-json": "ARM template (JSON)",
  json: "JSON",
  kql: "KQL",
  output: "Command output",
};

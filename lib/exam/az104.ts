// The AZ-104 exam as the product knows it: the skills-measured outline, the miss categories
// learners record after an attempt, and the item types. Pure data, shared by the seed, the
// policy advice, practice drawing and plan generation.

export const DOMAIN_KEYS = [
  "identity-governance",
  "storage",
  "compute",
  "networking",
  "monitoring",
] as const;
export type DomainKey = (typeof DOMAIN_KEYS)[number];

export interface ExamDomain {
  key: DomainKey;
  name: string;
  /** Share of the exam in percent, as published in the study guide. */
  weightMin: number;
  weightMax: number;
}

export const AZ104 = {
  code: "AZ-104",
  title: "Microsoft Azure Administrator",
  passingScore: 700,
  maxScore: 1000,
  certValidityMonths: 12,
  durationMinutes: 100,
  /** The study-guide outline these weights come from; older guides used other weights. */
  outlineDate: "2026-04-17",
  domains: [
    { key: "identity-governance", name: "Manage Azure identities and governance", weightMin: 20, weightMax: 25 },
    { key: "storage", name: "Implement and manage storage", weightMin: 15, weightMax: 20 },
    { key: "compute", name: "Deploy and manage Azure compute resources", weightMin: 20, weightMax: 25 },
    { key: "networking", name: "Implement and manage virtual networking", weightMin: 15, weightMax: 20 },
    { key: "monitoring", name: "Monitor and maintain Azure resources", weightMin: 10, weightMax: 15 },
  ] satisfies ExamDomain[],
} as const;

export const DOMAIN_SHORT_NAMES: Record<DomainKey, string> = {
  "identity-governance": "Identity & governance",
  storage: "Storage",
  compute: "Compute",
  networking: "Networking",
  monitoring: "Monitoring",
};

export interface MissCategory {
  key: string;
  label: string;
  domain: DomainKey;
}

/** Categories of misses (never exam content). The first nine are the ones the product suggests first. */
export const MISS_CATEGORIES: MissCategory[] = [
  { key: "rbac-scope", label: "RBAC scope", domain: "identity-governance" },
  { key: "storage-firewall", label: "Storage firewall", domain: "storage" },
  { key: "vm-scale", label: "VM scale", domain: "compute" },
  { key: "app-service-slot", label: "App Service slot", domain: "compute" },
  { key: "private-endpoint-dns", label: "Private endpoint DNS", domain: "networking" },
  { key: "effective-routes", label: "Effective routes", domain: "networking" },
  { key: "backup-policy", label: "Backup policy", domain: "monitoring" },
  { key: "alert-rule", label: "Alert rule", domain: "monitoring" },
  { key: "bicep-dependency", label: "Bicep dependency", domain: "compute" },
  { key: "azure-policy", label: "Azure Policy effects", domain: "identity-governance" },
  { key: "resource-locks", label: "Resource locks", domain: "identity-governance" },
  { key: "tags-cost", label: "Tags and cost management", domain: "identity-governance" },
  { key: "entra-users-groups", label: "Entra users and groups", domain: "identity-governance" },
  { key: "sas-tokens", label: "SAS tokens", domain: "storage" },
  { key: "storage-auth", label: "Storage data access and auth", domain: "storage" },
  { key: "storage-redundancy", label: "Storage redundancy", domain: "storage" },
  { key: "storage-protection", label: "Soft delete, versioning and snapshots", domain: "storage" },
  { key: "storage-lifecycle", label: "Lifecycle management", domain: "storage" },
  { key: "vm-availability", label: "VM availability", domain: "compute" },
  { key: "vm-disks", label: "VM disks", domain: "compute" },
  { key: "containers", label: "Container Instances and Container Apps", domain: "compute" },
  { key: "app-service-plan", label: "App Service plan", domain: "compute" },
  { key: "nsg-rules", label: "NSG rules", domain: "networking" },
  { key: "vnet-peering", label: "VNet peering", domain: "networking" },
  { key: "load-balancer", label: "Load balancer rules", domain: "networking" },
  { key: "dns-zones", label: "DNS zones", domain: "networking" },
  { key: "bastion", label: "Bastion and remote access", domain: "networking" },
  { key: "log-queries", label: "Log Analytics and KQL", domain: "monitoring" },
  { key: "action-groups", label: "Action groups and processing rules", domain: "monitoring" },
  { key: "site-recovery", label: "Site Recovery", domain: "monitoring" },
];

/** Item types that can slow a learner down; recorded after an attempt. */
export const ITEM_TYPES = [
  { key: "case-study", label: "Case study" },
  { key: "multiple-answer", label: "Multiple answer" },
  { key: "drag-and-drop", label: "Drag and drop / ordering" },
  { key: "hot-area", label: "Hot area" },
  { key: "yes-no-series", label: "Yes/no series" },
  { key: "lab-style", label: "Long scenario" },
] as const;

/**
 * The question kinds (questions.kind) that practise each slow item type. The bank holds single and
 * multiple answers today; a type whose kind the bank lacks weights nothing until items of it exist.
 */
export const ITEM_TYPE_KINDS: Readonly<Record<string, readonly string[]>> = {
  "multiple-answer": ["multiple"],
  "case-study": ["case-study"],
  "drag-and-drop": ["ordering", "matching"],
  "hot-area": ["hotspot"],
  "yes-no-series": ["yes-no"],
  "lab-style": ["case-study"],
};

export function domainName(key: DomainKey): string {
  return DOMAIN_SHORT_NAMES[key];
}

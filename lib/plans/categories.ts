// Category-targeted rebuilds: one hands-on lab per miss category, for the categories a learner
// noted as misread after the exam and the ones a retest still misses (a cycle). The domain
// library (library.ts) rebuilds a whole domain in order; these aim at one category, change one
// constraint on purpose (the seed's "variation, not memorisation") and prove the difference.
// Content only: library.ts turns each entry into a rebuild task and its prove task.

export interface CategoryLab {
  /** What to build or configure, by hand. */
  lab: string;
  /** The one constraint to change afterwards, and what to predict. */
  vary: string;
  /** What the prove task shows. */
  evidence: string;
}

export const CATEGORY_LABS: Readonly<Record<string, CategoryLab>> = {
  "rbac-scope": {
    lab: "Assign the same built-in role to one test user at subscription, resource-group and resource scope in turn, and try one change as that user after each.",
    vary: "Move the assignment one scope down and predict which of your earlier attempts would now be refused.",
    evidence: "The user's role assignments with their scopes (az role assignment list --all) and the refusal text of one attempt.",
  },
  "storage-firewall": {
    lab: "Set a storage account to selected networks, allow one virtual network and your client address, and read a blob from inside and outside the allowed paths.",
    vary: "Remove your client address (or add a resource instance rule) and predict which reads still work.",
    evidence: "One successful and one refused read with the error code (AuthorizationFailure), and the account's network rule list.",
  },
  "vm-scale": {
    lab: "Create a small virtual machine scale set with a CPU autoscale rule, then scale it out and in by hand.",
    vary: "Change the rule's threshold or cool-down and predict how many instances run after a load test.",
    evidence: "The instance count before and after (az vmss list-instances) and the autoscale run history.",
  },
  "app-service-slot": {
    lab: "Add a staging slot to a web app, deploy a visible change to it, mark one app setting as a slot setting and swap.",
    vary: "Swap back after changing which setting sticks to the slot, and predict what each slot shows.",
    evidence: "Both slots' responses before and after the swap and the app settings with their slot-setting flag.",
  },
  "private-endpoint-dns": {
    lab: "Put a private endpoint in front of a storage account or a database and resolve its name from a VM in the linked virtual network.",
    vary: "Unlink the private DNS zone from that virtual network and predict what the name resolves to.",
    evidence: "Two nslookup outputs (private address, then public) and the zone's virtual network links.",
  },
  "effective-routes": {
    lab: "Add a route table with a user-defined route to a subnet and read a VM NIC's effective routes before and after.",
    vary: "Change the next hop type (virtual appliance, none) and predict which traffic now goes where.",
    evidence: "The effective routes of the NIC before and after, and a Network Watcher next hop result.",
  },
  "backup-policy": {
    lab: "Protect a VM with a Recovery Services vault policy, run an on-demand backup and restore one file.",
    vary: "Change the policy's retention or frequency and predict which recovery points remain.",
    evidence: "The backup job list with the restore job, and the policy's retention settings.",
  },
  "alert-rule": {
    lab: "Create a metric alert on a VM's CPU with an action group that emails you, and make it fire.",
    vary: "Change the aggregation or evaluation frequency and predict whether the same load still fires it.",
    evidence: "The fired alert in the alert history and the email's subject line.",
  },
  "bicep-dependency": {
    lab: "Write a small Bicep file where one resource uses another's property, and deploy it with what-if first.",
    vary: "Replace the implicit reference by a hard-coded name and predict the deployment order and the result.",
    evidence: "The what-if output and the deployment operations in order.",
  },
  "azure-policy": {
    lab: "Assign a Deny policy and an Audit policy with a parameter at a resource group and create resources that break each.",
    vary: "Change the assignment's scope or add an exclusion and predict the compliance result.",
    evidence: "The deny error (RequestDisallowedByPolicy) and the compliance view listing the audited resource.",
  },
  "resource-locks": {
    lab: "Add a delete lock and then a read-only lock to a resource group and try changes as an Owner.",
    vary: "Move the lock from the resource group to one resource and predict which operations still fail.",
    evidence: "The ScopeLocked errors and the lock list at each scope.",
  },
  "tags-cost": {
    lab: "Tag resources, require a tag with a policy, and build a cost analysis view grouped by that tag with a budget alert.",
    vary: "Move a tagged resource to another resource group and predict what happens to its tags and the cost view.",
    evidence: "The tag list of the moved resource and the budget with its alert condition.",
  },
  "entra-users-groups": {
    lab: "Create a user, an assigned group, a dynamic group rule and invite a guest; check who lands in which group.",
    vary: "Change the dynamic rule's attribute and predict the new membership.",
    evidence: "Group membership output (az ad group member list) before and after the rule change.",
  },
  "sas-tokens": {
    lab: "Create an account SAS, a service SAS and a user delegation SAS with different permissions and expiry, and use each.",
    vary: "Rotate the account key (or revoke the delegation key) and predict which SAS still works.",
    evidence: "One working and one refused request per SAS, with the error text of the refused ones.",
  },
  "storage-auth": {
    lab: "Read a blob with an account key, with a data role (Storage Blob Data Reader) and with a managed identity.",
    vary: "Disable shared key access and predict which of the three reads still works.",
    evidence: "The three reads' results after the change and the role assignment used.",
  },
  "storage-redundancy": {
    lab: "Compare LRS, ZRS, GRS and RA-GRS on one account: change redundancy and read from the secondary endpoint where it exists.",
    vary: "Pick a zone or region outage and predict which redundancy keeps the data readable and where.",
    evidence: "The account's redundancy setting and a read from the secondary endpoint (or its error).",
  },
  "storage-protection": {
    lab: "Enable blob soft delete, versioning and container soft delete; delete and overwrite blobs and restore them.",
    vary: "Shorten the retention or turn versioning off and predict what can still be restored.",
    evidence: "The listing with deleted blobs and versions, and the restore command's output.",
  },
  "storage-lifecycle": {
    lab: "Write a lifecycle management rule that tiers blobs to cool and archive and deletes old snapshots, filtered by prefix.",
    vary: "Change the filter or the days and predict which blobs move on the next run.",
    evidence: "The rule's JSON and the blobs' access tiers after the run.",
  },
  "vm-availability": {
    lab: "Place VMs in an availability set and in availability zones and read their fault and update domains or zones.",
    vary: "Choose a failure (a rack, a zone) and predict which VMs keep running and the SLA that applies.",
    evidence: "The VMs' placement (fault domain or zone) and your prediction per failure.",
  },
  "vm-disks": {
    lab: "Attach a data disk, initialise it, snapshot it, and change its performance tier or size.",
    vary: "Try the change on a running VM versus a deallocated one and predict which changes need the stop.",
    evidence: "The disk list with sizes and tiers, and the snapshot id.",
  },
  containers: {
    lab: "Push an image to a container registry and run it once in Container Instances and once in Container Apps.",
    vary: "Add scaling or ingress requirements and predict which service meets them.",
    evidence: "Both services' endpoints answering, and the registry's repository list.",
  },
  "app-service-plan": {
    lab: "Create an App Service plan, put two apps in it, scale it up and out, and compare tiers' features (slots, autoscale).",
    vary: "Move one app to a lower tier and predict which features stop working.",
    evidence: "The plan's tier and instance count and the app list sharing it.",
  },
  "nsg-rules": {
    lab: "Put NSGs on a subnet and a NIC with rules of different priorities and test traffic to a VM.",
    vary: "Add a deny rule at a lower priority number and predict which flows it blocks.",
    evidence: "The effective security rules and an IP flow verify result for an allowed and a denied flow.",
  },
  "vnet-peering": {
    lab: "Peer three virtual networks in a line (A–B, B–C) and test reachability from A to C.",
    vary: "Add gateway transit or a direct A–C peering and predict what changes.",
    evidence: "The peering states and a connectivity test from A to C before and after.",
  },
  "load-balancer": {
    lab: "Put two VMs behind a load balancer with a health probe and a load-balancing rule and browse to it.",
    vary: "Stop the probed port on one VM or change the session persistence and predict where requests go.",
    evidence: "The backend health view and the responses naming each VM.",
  },
  "dns-zones": {
    lab: "Create a public DNS zone and a private DNS zone with records and resolve both from inside and outside a linked virtual network.",
    vary: "Turn on auto-registration or unlink the network and predict which names resolve.",
    evidence: "nslookup outputs for each name from both places.",
  },
  bastion: {
    lab: "Deploy Bastion in its own subnet and connect to a VM without a public address.",
    vary: "Shrink the subnet or rename it and predict whether the deployment works.",
    evidence: "The Bastion subnet's name and size and a screenshot link of the session.",
  },
  "log-queries": {
    lab: "Send a resource's diagnostic logs to a Log Analytics workspace and write a KQL query that filters, summarises and sorts them.",
    vary: "Change the time range or the summarize key and predict the result before running it.",
    evidence: "The query text and its result table.",
  },
  "action-groups": {
    lab: "Create an action group with two actions and an alert processing rule that suppresses notifications in a window.",
    vary: "Move the processing rule's scope or window and predict which alerts still notify.",
    evidence: "The fired alerts and which of them notified, with the rule's schedule.",
  },
  "site-recovery": {
    lab: "Replicate a VM to another region with Site Recovery and run a test failover into an isolated network.",
    vary: "Choose a recovery point (latest, app-consistent) and predict the data you would lose.",
    evidence: "The replication health, the test failover job and its clean-up.",
  },
};

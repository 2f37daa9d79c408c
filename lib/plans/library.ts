// The rebuild task library the plan generator draws from: hands-on work per AZ-104 domain, each
// piece paired with the evidence that shows it was really done. Learners fail retakes by
// re-reading and re-drilling the same questions, so every rebuild here produces something
// observable (command output, an error text, a blade screenshot link), and every domain ends in
// a timed retest that prefers unseen variants. Content only: scheduling lives in templates.ts.
//
// The file is long because it is data; the helpers at the bottom are the only logic.

import { DOMAIN_KEYS, MISS_CATEGORIES, type DomainKey } from "@/lib/exam/az104";
import { CATEGORY_LABS } from "./categories";
import type { PlanPhase } from "@/lib/enums";

/** Library tasks are domain work, so they never diagnose; diagnosing is a general task. */
export type LibraryPhase = Exclude<PlanPhase, "diagnose">;

/**
 * The timed question set a task starts. Two minutes a question mirrors the delivered exam's pace.
 * - "exam-mix": drawn by the blueprint alone, like the exam (a dress rehearsal, a pacing drill);
 * - "task-domain": a retest weighted to the task's domain;
 * - "plan-domains": a retest weighted to the plan's weak domains;
 * - "categories": a retest weighted to the task's focus categories (a cycle's retest).
 */
export interface PracticeSetSize {
  questions: number;
  minutes: number;
  draw: "exam-mix" | "task-domain" | "plan-domains" | "categories";
}

/** Minutes to read a set's results and label its misses, on top of the set's own minutes. */
export const SET_REVIEW_MINUTES = 15;
/** Estimated minutes of focused work per kind of task, for the day budget (templates.ts). */
export const TASK_MINUTES = Object.freeze({
  diagnose: 30,
  rebuild: 45,
  prove: 15,
  lightRebuild: 30,
  lightProve: 15,
  missReview: 45,
  finalReview: 60,
  logistics: 30,
  pacingReview: 30,
});

export interface LibraryTask {
  /** Stable slug: stored on plan tasks, so never rename one that has shipped. */
  key: string;
  domain: DomainKey;
  phase: LibraryPhase;
  title: string;
  instructions: string;
  evidenceRequired: string;
  /** Only on retest tasks: the size of the timed set to start. */
  practiceSet?: PracticeSetSize;
  /** Estimated minutes of focused work (the day budget adds these up). */
  minutes: number;
}

/** A task not tied to one domain (diagnosis, mixed sets, wrap-up). */
export interface GeneralTask {
  key: string;
  domain: null;
  phase: PlanPhase;
  title: string;
  instructions: string;
  evidenceRequired: string;
  practiceSet?: PracticeSetSize;
  minutes: number;
}

/** One rebuild and the prove task that validates exactly that rebuild. */
export interface RebuildStep {
  rebuild: LibraryTask;
  prove: LibraryTask;
}

export interface DomainTaskSet {
  domain: DomainKey;
  /** The direction the domain is rebuilt in, shown as the block's subtitle. */
  approach: string;
  /** In the order to do them; later steps lean on earlier ones. The last is the variation drill. */
  steps: RebuildStep[];
  /** Closes a weak domain's block. */
  retest: LibraryTask;
  /** The lighter pass a domain that was not weak gets in a broad-miss plan. */
  lightReview: { rebuild: LibraryTask; prove: LibraryTask; check: LibraryTask };
}

interface Body {
  title: string;
  instructions: string;
  evidence: string;
}

function task(domain: DomainKey, slug: string, phase: LibraryPhase, body: Body, practiceSet?: PracticeSetSize, minutes?: number): LibraryTask {
  return {
    key: `${domain}-${slug}-${phase}`,
    domain,
    phase,
    title: body.title,
    instructions: body.instructions,
    evidenceRequired: body.evidence,
    ...(practiceSet ? { practiceSet } : {}),
    minutes: minutes ?? (practiceSet ? practiceSet.minutes + SET_REVIEW_MINUTES : phase === "prove" ? TASK_MINUTES.prove : TASK_MINUTES.rebuild),
  };
}

function step(domain: DomainKey, slug: string, rebuild: Body, prove: Body): RebuildStep {
  return { rebuild: task(domain, slug, "rebuild", rebuild), prove: task(domain, slug, "prove", prove) };
}

function retest(domain: DomainKey, label: string, size: Omit<PracticeSetSize, "draw">): LibraryTask {
  return task(
    domain,
    "weighted-set",
    "retest",
    {
      title: `${label} retest: ${size.questions} questions in ${size.minutes} minutes`,
      instructions:
        `Start a timed set weighted to ${label}, favouring variants you have not seen from the families you missed. ` +
        "Answer at exam pace without notes. Afterwards mark every miss as core (a standard workflow) or edge " +
        "(a rare detail); a core miss sends you back to the matching rebuild step before the mixed sets.",
      evidence: "The set's result plus each miss labelled core or edge, with the rebuild step you will revisit for any core miss.",
    },
    { ...size, draw: "task-domain" },
  );
}

function lightReview(domain: DomainKey, label: string, chain: string): DomainTaskSet["lightReview"] {
  return {
    rebuild: task(domain, "light-review", "rebuild", {
      title: `${label} refresher: walk the chain from memory`,
      instructions:
        `This domain was not a weak one, so keep it warm instead of rebuilding it. Without notes, sketch the chain ${chain}. ` +
        "Circle the link you hesitated on and build only that link in a lab.",
      evidence: "Your sketch (photo or text) with the hesitant link marked, and the resource you built for it.",
    }, undefined, TASK_MINUTES.lightRebuild),
    prove: task(domain, "light-review", "prove", {
      title: `${label} refresher: show the weak link works`,
      instructions: "Test the link you built and compare the result with what you predicted before testing.",
      evidence: "One output or screenshot link of the test, and a sentence saying whether your prediction held.",
    }, undefined, TASK_MINUTES.lightProve),
    check: task(
      domain,
      "light-review-check",
      "retest",
      {
        title: `${label} check: 10 questions in 20 minutes`,
        instructions:
          `A short timed set weighted to ${label} to confirm the domain is still solid. ` +
          "If a miss turns out to be core rather than edge, add that domain's matching rebuild step to your next free slot.",
        evidence: "The set's result and each miss labelled core or edge.",
      },
      { questions: 10, minutes: 20, draw: "task-domain" },
    ),
  };
}

const IDENTITY: DomainTaskSet = {
  domain: "identity-governance",
  approach: "Work outward from the principal to the scope it is granted at.",
  steps: [
    step(
      "identity-governance",
      "principals",
      {
        title: "Create the principals you will grant access to",
        instructions:
          "In Microsoft Entra ID create a test user and a security group, put the user in the group, and invite one guest. " +
          "Note which properties differ between a member and a guest, and between assigned and dynamic membership.",
        evidence: "CLI output listing the group's members, and the guest's user type.",
      },
      {
        title: "Show the principals exist as intended",
        instructions: "Query the group membership and the guest account from the CLI or Graph Explorer, not from memory.",
        evidence: "Command output (az ad group member list or a Graph response) naming the user inside the group.",
      },
    ),
    step(
      "identity-governance",
      "role-scopes",
      {
        title: "Grant one role at three scopes",
        instructions:
          "Give the group Reader on the subscription, Contributor on one resource group and a narrow built-in role on a single resource. " +
          "Sign in as the test user and try the same change at each level; write down which grant allowed or blocked it and why inheritance did that.",
        evidence: "The list of the user's role assignments with their scopes, and the error text of one change that was refused.",
      },
      {
        title: "Prove the effective access per scope",
        instructions: "Use Check access in Access control (IAM) on the resource and list the assignments from the CLI including inherited ones.",
        evidence: "CLI output (az role assignment list --assignee … --all) showing the role assignment at resource-group scope and the others.",
      },
    ),
    step(
      "identity-governance",
      "policy-effects",
      {
        title: "Watch a policy deny and another one audit",
        instructions:
          "Assign a built-in policy with the Deny effect to a resource group (for example allowed locations) and an Audit policy beside it. " +
          "Try to create a resource that breaks each one and compare what happens.",
        evidence: "The refusal message from the denied deployment, and the name of the audited resource.",
      },
      {
        title: "Prove policy compliance results",
        instructions: "Trigger or wait for a compliance scan and open the compliance view for the resource group.",
        evidence: "The deny error (RequestDisallowedByPolicy) and a screenshot link of the compliance view listing the non-compliant resource.",
      },
    ),
    step(
      "identity-governance",
      "locks",
      {
        title: "Put a lock in front of an Owner",
        instructions:
          "Add a delete lock to a resource group, then, while holding Owner, try to delete a resource inside it. " +
          "Swap it for a read-only lock and try to change a setting. Remove the lock when done.",
        evidence: "The two refusal messages, each naming the lock that caused it.",
      },
      {
        title: "Prove the lock outranks the role",
        instructions: "Show in one place that you held Owner and were still refused.",
        evidence: "Your Owner assignment at that scope plus the ScopeLocked error from the same attempt.",
      },
    ),
    step(
      "identity-governance",
      "tags-cost",
      {
        title: "Tag resources, then cap spend with a budget that alerts",
        instructions:
          "Tag a resource group and its resources, enforce or inherit one tag with policy, then create a budget on the resource group with an alert threshold that notifies you. " +
          "Group the cost analysis by your tag.",
        evidence: "The budget's alert conditions and the cost analysis grouped by the tag.",
      },
      {
        title: "Prove cost governance is in place",
        instructions: "Open the budget and the cost view and capture both.",
        evidence: "Screenshot link of the budget with its thresholds and recipients, and of cost analysis grouped by tag.",
      },
    ),
    step(
      "identity-governance",
      "variation",
      {
        title: "Change one constraint on a category you missed",
        instructions:
          "Pick an identity or governance category from your diagnosis (RBAC scope, policy effect, lock, tag or cost scope). " +
          "Rebuild that scenario with one thing changed, such as the assignment one scope higher or a policy switched from Audit to Deny, and predict the outcome first.",
        evidence: "Your written prediction, then the observed result.",
      },
      {
        title: "Prove the variation behaves as you predicted",
        instructions: "Test the changed scenario and explain any gap between prediction and result in one or two sentences.",
        evidence: "The output or screenshot link of the test plus your explanation of any mismatch.",
      },
    ),
  ],
  retest: retest("identity-governance", "Identity & governance", { questions: 20, minutes: 40 }),
  lightReview: lightReview(
    "identity-governance",
    "Identity & governance",
    "user or group → role → scope → policy → lock → budget",
  ),
};

const STORAGE: DomainTaskSet = {
  domain: "storage",
  approach: "Follow a request from the client to the data.",
  steps: [
    step(
      "storage",
      "client-auth",
      {
        title: "Reach one blob by every kind of credential",
        instructions:
          "Create a storage account and a container, then read the same blob with the account key, a short-lived read-only SAS, your own Entra sign-in with a Blob data role, and a managed identity. " +
          "Notice that owning the account does not by itself let you read data with your sign-in.",
        evidence: "One successful read per method, and the refusal you got before the data role was granted.",
      },
      {
        title: "Prove the data-plane permissions",
        instructions: "Repeat the reads from the CLI so the method is visible in the command itself.",
        evidence: "CLI output of the blob list with --auth-mode login and with a SAS token, plus the earlier 403 text.",
      },
    ),
    step(
      "storage",
      "network-path",
      {
        title: "Choose the network path to the account",
        instructions:
          "Restrict the account to selected networks with your client IP, then allow a subnet through a service endpoint, and finally add a private endpoint and turn public access off. " +
          "Test from inside and outside the virtual network after each change.",
        evidence: "A short table: setting, where you tested from, allowed or refused.",
      },
      {
        title: "Prove which path the traffic takes",
        instructions: "From a VM in the virtual network resolve the blob host name, and try the same read from outside.",
        evidence: "nslookup output resolving the blob host to a private IP, and the refusal message seen from outside.",
      },
    ),
    step(
      "storage",
      "protection",
      {
        title: "Choose the protection layer and recover something",
        instructions:
          "Turn on blob soft delete and versioning, then delete one blob and overwrite another and bring both back. " +
          "Take a snapshot, add a lifecycle rule that cools and later removes old data, and note what changing the redundancy option does and does not protect against.",
        evidence: "The restored blobs and your lifecycle rule.",
      },
      {
        title: "Prove the recovery worked",
        instructions: "List deleted blobs and versions before and after the restore, and export the lifecycle policy.",
        evidence: "The blob listing including deleted items and versions (before and after), and the lifecycle policy JSON.",
      },
    ),
    step(
      "storage",
      "variation",
      {
        title: "Change one constraint on a category you missed",
        instructions:
          "Take a storage category from your diagnosis and rebuild it with one thing changed: a SAS read with different network rules, or a restore after versioning was off. " +
          "Write your prediction before testing.",
        evidence: "Your written prediction, then the observed result.",
      },
      {
        title: "Prove the variation behaves as you predicted",
        instructions: "Run the changed scenario and explain any gap between prediction and result.",
        evidence: "The command output or screenshot link plus your explanation of any mismatch.",
      },
    ),
  ],
  retest: retest("storage", "Storage", { questions: 15, minutes: 30 }),
  lightReview: lightReview("storage", "Storage", "client identity → data permission → network path → protection and recovery"),
};

const COMPUTE: DomainTaskSet = {
  domain: "compute",
  approach: "Take a workload from deployment through day-to-day operation.",
  steps: [
    step(
      "compute",
      "bicep",
      {
        title: "Read a Bicep file before deploying it",
        instructions:
          "Take a Bicep file with a network, a NIC and a VM. List which resources depend on which and whether each dependency is implicit (a symbolic reference) or explicit. " +
          "Run a what-if, then deploy to a new resource group.",
        evidence: "Your dependency list and the what-if summary.",
      },
      {
        title: "Prove the deployment order matched the dependencies",
        instructions: "Open the deployment's operations and compare their order with your list.",
        evidence: "The what-if output and the deployment operation list showing resources in dependency order.",
      },
    ),
    step(
      "compute",
      "vm-operate",
      {
        title: "Resize the VM and add a data disk",
        instructions:
          "Resize the VM and note whether it had to be deallocated first. Attach a new data disk, bring it online inside the guest, and change a disk's performance tier or SKU.",
        evidence: "The VM's new size and the disk visible inside the guest.",
      },
      {
        title: "Prove the VM and disk changes",
        instructions: "Show the change from both sides: the platform and the guest operating system.",
        evidence: "az vm show output with the new size and the data disk listed, plus lsblk or Get-Disk output from the guest.",
      },
    ),
    step(
      "compute",
      "availability-access",
      {
        title: "Plan for failure and connect without a public IP",
        instructions:
          "Compare an availability set with availability zones on paper, then create a small scale set with a scale-out rule. " +
          "Deploy Bastion and open a session to a VM that has no public IP address.",
        evidence: "The scale set's instance count after scaling, and the Bastion session.",
      },
      {
        title: "Prove scaling and private access",
        instructions: "Scale the set (by rule or by hand) and capture the instances, then capture the Bastion session.",
        evidence: "The scale set instance list after scaling, and a screenshot link of the Bastion session to the VM without a public IP.",
      },
    ),
    step(
      "compute",
      "app-service",
      {
        title: "Run a web app with a staging slot",
        instructions:
          "Create an App Service plan on a tier that supports slots, a web app and a staging slot. Deploy a visible change to the slot, mark one setting as slot-specific, swap, and set up a backup.",
        evidence: "The app's response before and after the swap, and which setting stayed behind.",
      },
      {
        title: "Prove the swap and the backup",
        instructions: "Request the production URL before and after the swap and open the backup list.",
        evidence: "The two responses (with the version text you deployed) and the backup list showing a completed backup.",
      },
    ),
    step(
      "compute",
      "containers",
      {
        title: "Push an image and run it two ways",
        instructions:
          "Build and push an image to a container registry, run it in Container Instances, then in Container Apps with ingress. " +
          "Write down how scaling, revisions and networking differ between the two.",
        evidence: "Both running endpoints and your comparison.",
      },
      {
        title: "Prove both runtimes serve the image",
        instructions: "List the registry's repositories and request both endpoints.",
        evidence: "az acr repository list output with your image, both endpoints answering, and a three-line comparison.",
      },
    ),
    step(
      "compute",
      "variation",
      {
        title: "Change one constraint on a category you missed",
        instructions:
          "Take a compute category from your diagnosis (VM scale, App Service slot, Bicep dependency, containers) and rebuild it with one thing changed, " +
          "for example a swap with a slot-specific setting or a resize to a size the current host cannot offer. Predict the outcome first.",
        evidence: "Your written prediction, then the observed result.",
      },
      {
        title: "Prove the variation behaves as you predicted",
        instructions: "Run the changed scenario and explain any gap between prediction and result.",
        evidence: "The command output or screenshot link plus your explanation of any mismatch.",
      },
    ),
  ],
  retest: retest("compute", "Compute", { questions: 20, minutes: 40 }),
  lightReview: lightReview("compute", "Compute", "template → VM and disks → availability → App Service → containers"),
};

const NETWORKING: DomainTaskSet = {
  domain: "networking",
  approach: "Reason from the path a packet takes.",
  steps: [
    step(
      "networking",
      "packet-path",
      {
        title: "Write the packet path, then build it",
        instructions:
          "Pick one flow, such as a VM reaching a storage private endpoint or the internet reaching a web VM. Write down every hop and control it meets: where it starts and ends, the subnet and NIC, the NSGs on each, the route table, the name it resolves and to what kind of endpoint, and any load-balancer rule. " +
          "Build a lab that matches what you wrote.",
        evidence: "Your written path and the lab resource group.",
      },
      {
        title: "Prove the path with Network Watcher",
        instructions: "Run IP flow verify and next hop for the flow and compare them with your written path.",
        evidence: "IP flow verify and next hop results for the flow, with any difference from your path explained.",
      },
    ),
    step(
      "networking",
      "effective-rules",
      {
        title: "Let the platform tell you which rules apply",
        instructions:
          "Put NSGs on both the subnet and the NIC with rules that disagree, and add a user-defined route sending 0.0.0.0/0 to an appliance address. " +
          "Predict what the VM can reach, then open the NIC's Effective routes and Effective security rules views.",
        evidence: "Your prediction and the rule and route that actually decided each flow.",
      },
      {
        title: "Prove it with effective rules and routes",
        instructions: "Capture the NIC's effective routes and effective security rules while the VM is running.",
        evidence: "Screenshot link of the effective routes blade showing your user-defined route, and the effective security rules output.",
      },
    ),
    step(
      "networking",
      "peering-dns",
      {
        title: "Peer a hub and two spokes, and resolve a private endpoint",
        instructions:
          "Peer two spokes to a hub and show spoke-to-spoke traffic fails; write why peering does not pass traffic on by itself and fix it one way (direct peering or routing through the hub). " +
          "Then resolve a private endpoint name with and without its private DNS zone linked to the network.",
        evidence: "The failing and working connection tests and both DNS answers.",
      },
      {
        title: "Prove reachability and name resolution",
        instructions: "Repeat the connection test after your fix and resolve the endpoint name from a VM in the linked network.",
        evidence: "Connection test output before and after the fix, and nslookup returning the private IP only when the zone is linked.",
      },
    ),
    step(
      "networking",
      "load-balancer",
      {
        title: "Put a load balancer in front of two VMs",
        instructions:
          "Create a Standard load balancer with a backend pool of two VMs, a health probe and a load-balancing rule, plus an inbound NAT rule for management. " +
          "Stop the web server on one VM and watch what the probe does.",
        evidence: "Responses from both backends and the probe state after stopping one.",
      },
      {
        title: "Prove distribution and health probing",
        instructions: "Request the front end repeatedly, then again after stopping one backend.",
        evidence: "curl output naming both backends, then only the healthy one, and the health probe status.",
      },
    ),
    step(
      "networking",
      "variation",
      {
        title: "Change one constraint on a category you missed",
        instructions:
          "Take a networking category from your diagnosis and rebuild it with one thing changed: add a route table to an NSG scenario you missed, or remove the zone link from a private endpoint setup. " +
          "Predict the outcome before testing.",
        evidence: "Your written prediction, then the observed result.",
      },
      {
        title: "Prove the variation behaves as you predicted",
        instructions: "Run the changed scenario with Network Watcher or effective rules and explain any gap.",
        evidence: "The tool output or screenshot link plus your explanation of any mismatch.",
      },
    ),
  ],
  retest: retest("networking", "Networking", { questions: 15, minutes: 30 }),
  lightReview: lightReview(
    "networking",
    "Networking",
    "source → subnet and NIC → NSGs → routes → DNS → endpoint or load balancer → destination",
  ),
};

const MONITORING: DomainTaskSet = {
  domain: "monitoring",
  approach: "Go from a signal to the response it should trigger.",
  steps: [
    step(
      "monitoring",
      "logs-kql",
      {
        title: "Route logs into a workspace and query them",
        instructions:
          "Create a Log Analytics workspace, add diagnostic settings on two resources and route the activity log there. " +
          "Write a short KQL query that counts operations per resource over the last hour.",
        evidence: "The query text and its result rows.",
      },
      {
        title: "Prove the signal arrives",
        instructions: "Run the query after generating some activity so it returns rows.",
        evidence: "The KQL query and a screenshot link or paste of its non-empty result.",
      },
    ),
    step(
      "monitoring",
      "alerts",
      {
        title: "From threshold to notification",
        instructions:
          "Create a metric alert and a log alert based on your query, attach both to an action group that notifies you, and add an alert processing rule that silences notifications during a maintenance window. " +
          "Make one alert fire.",
        evidence: "The fired alert, the notification you received and the processing rule.",
      },
      {
        title: "Prove an alert fired and one was suppressed",
        instructions: "Trigger the alert once outside the window and once inside it.",
        evidence: "The alert history with both firings and the notification for only the one outside the window.",
      },
    ),
    step(
      "monitoring",
      "backup-restore",
      {
        title: "Back up a VM, then actually restore",
        instructions:
          "Decide whether the workload needs a Recovery Services vault or a Backup vault and say why. Create a backup policy with a retention you chose, run an on-demand backup, then restore files or a disk. " +
          "Look at backup reports and alerts.",
        evidence: "The policy's retention, the completed backup and the completed restore.",
      },
      {
        title: "Prove the restore completed",
        instructions: "Open the backup jobs and capture both jobs with their status.",
        evidence: "The backup job list showing a completed backup job and a completed restore job.",
      },
    ),
    step(
      "monitoring",
      "site-recovery",
      {
        title: "Walk the failover decision points",
        instructions:
          "Enable replication of a VM to a second region (or plan it on paper if your subscription cannot), run a test failover into an isolated network, then clean up. " +
          "Note the target network, the recovery point you chose and what a recovery plan would add.",
        evidence: "The test failover result and your decision notes.",
      },
      {
        title: "Prove the test failover",
        instructions: "Capture the test failover job and its cleanup.",
        evidence: "The test failover job status (or your dated plan if replication was not possible) and the cleanup confirmation.",
      },
    ),
    step(
      "monitoring",
      "variation",
      {
        title: "Change one constraint on a category you missed",
        instructions:
          "Take a monitoring category from your diagnosis and rebuild it with one thing changed: turn soft delete on in a backup scenario, or restore to a different location. " +
          "Predict the outcome before testing.",
        evidence: "Your written prediction, then the observed result.",
      },
      {
        title: "Prove the variation behaves as you predicted",
        instructions: "Run the changed scenario and explain any gap between prediction and result.",
        evidence: "The job, alert or query output plus your explanation of any mismatch.",
      },
    ),
  ],
  retest: retest("monitoring", "Monitoring", { questions: 15, minutes: 30 }),
  lightReview: lightReview("monitoring", "Monitoring", "resource → diagnostic setting → workspace → query → alert → action group → backup and restore"),
};

export const TASK_LIBRARY: Readonly<Record<DomainKey, DomainTaskSet>> = {
  "identity-governance": IDENTITY,
  storage: STORAGE,
  compute: COMPUTE,
  networking: NETWORKING,
  monitoring: MONITORING,
};

/** Full-exam sets mirror the delivered exam: about 100 minutes at two minutes a question. */
// The dress rehearsal is drawn like the exam (blueprint only): weighting it to weak domains would
// rehearse a different exam, and it is the set whose result says most about readiness.
export const FULL_MIXED_SET: PracticeSetSize = { questions: 50, minutes: 100, draw: "exam-mix" };
export const WEIGHTED_MIXED_SET: PracticeSetSize = { questions: 40, minutes: 80, draw: "plan-domains" };
/** Pacing drills are exam-mixed at exam pace; their results show each question's time against two minutes. */
export const PACING_SHORT_SET: PracticeSetSize = { questions: 10, minutes: 20, draw: "exam-mix" };
export const PACING_HALF_SET: PracticeSetSize = { questions: 25, minutes: 50, draw: "exam-mix" };
/** A cycle's retest: weighted to the categories the last retest still missed. */
export const CYCLE_RETEST_SET: PracticeSetSize = { questions: 20, minutes: 40, draw: "categories" };

export const GENERAL_TASKS = {
  diagnose: {
    key: "general-diagnose",
    domain: null,
    phase: "diagnose",
    title: "Diagnose: read the score report and name the misses",
    instructions:
      "Open the score report and note each skill area's bar length (a relative strength, not a percentage correct). " +
      "Write down, by category and never by question content, what went wrong in each area: the topics that felt toughest, which question formats cost you time, and any requirement you read wrong.",
    evidenceRequired: "A short note per domain: bar length, the miss categories and the item types that cost time.",
    minutes: TASK_MINUTES.diagnose,
  },
  mixedFull: {
    key: "general-mixed-full",
    domain: null,
    phase: "retest",
    title: `Timed mixed set: ${FULL_MIXED_SET.questions} questions in ${FULL_MIXED_SET.minutes} minutes`,
    instructions:
      "Sit a full-length set across all domains in one go, at exam pace, without notes or pausing. Note the time left at the halfway question.",
    evidenceRequired: "The result, the time left at the end, and each miss labelled core or edge.",
    practiceSet: FULL_MIXED_SET,
    minutes: FULL_MIXED_SET.minutes + SET_REVIEW_MINUTES,
  },
  mixedWeighted: {
    key: "general-mixed-weighted",
    domain: null,
    phase: "retest",
    title: `Timed mixed set weighted to your weak domains: ${WEIGHTED_MIXED_SET.questions} questions in ${WEIGHTED_MIXED_SET.minutes} minutes`,
    instructions:
      "Sit a mixed set that leans toward the domains you rebuilt, favouring unseen variants of the families you missed, without notes.",
    evidenceRequired: "The result per domain and each miss labelled core or edge.",
    practiceSet: WEIGHTED_MIXED_SET,
    minutes: WEIGHTED_MIXED_SET.minutes + SET_REVIEW_MINUTES,
  },
  missReview: {
    key: "general-miss-review",
    domain: null,
    phase: "retest",
    title: "Sort today's misses and write variations",
    instructions:
      "For each miss decide whether it was a core workflow or an edge case. For every core miss, write one variation (same category, one constraint changed) and redo the matching rebuild step if it is still unclear. " +
      "You are ready when the misses left are mostly edge cases.",
    evidenceRequired: "Counts of core and edge misses, and one variation per core miss.",
    minutes: TASK_MINUTES.missReview,
  },
  finalReview: {
    key: "general-final-review",
    domain: null,
    phase: "retest",
    title: "Light review: no new material",
    instructions:
      "Reread your diagnosis, your proofs and your core-miss variations, and condense the rules you kept getting wrong onto one page. " +
      "Delete lab resource groups you no longer need, then stop early and rest.",
    evidenceRequired: "Your one-page summary.",
    minutes: TASK_MINUTES.finalReview,
  },
  logistics: {
    key: "general-logistics",
    domain: null,
    phase: "retest",
    title: "Exam logistics",
    instructions:
      "Check the booking is on or after the earliest retake date the app shows, and confirm the time in your own time zone. " +
      "Prepare your ID, run the online check-in system test or plan the trip to the test centre, and set pacing checkpoints for the 100 minutes.",
    evidenceRequired: "The booked date and time, and the result of the system test or your travel plan.",
    minutes: TASK_MINUTES.logistics,
  },
  pacingDrillShort: {
    key: "general-pacing-drill-short",
    domain: null,
    phase: "retest",
    title: `Pacing drill: ${PACING_SHORT_SET.questions} questions in ${PACING_SHORT_SET.minutes} minutes`,
    instructions:
      "A short exam-mixed set at exam pace: two minutes a question. Do not stop on a hard question — mark it, answer your best guess and move on; come back if time is left.",
    evidenceRequired: "The result, the questions the results page marks as over two minutes, and what slowed you on each (reading, a calculation, doubting yourself).",
    practiceSet: PACING_SHORT_SET,
    minutes: PACING_SHORT_SET.minutes + SET_REVIEW_MINUTES,
  },
  pacingDrillHalf: {
    key: "general-pacing-drill-half",
    domain: null,
    phase: "retest",
    title: `Pacing drill: ${PACING_HALF_SET.questions} questions in ${PACING_HALF_SET.minutes} minutes with a checkpoint`,
    instructions:
      "An exam-mixed set at exam pace with one checkpoint: question 13 by minute 25. Check the clock there and speed up if you are behind, as you will at the exam's halfway question.",
    evidenceRequired: "The result, the time left at the checkpoint and at the end, and the questions marked as over two minutes.",
    practiceSet: PACING_HALF_SET,
    minutes: PACING_HALF_SET.minutes + SET_REVIEW_MINUTES,
  },
  pacingReview: {
    key: "general-pacing-review",
    domain: null,
    phase: "retest",
    title: "Find where the minutes went",
    instructions:
      "Open the time per question of today's drills. Group the questions over two minutes by item type and category, and write one habit for each group (read the requirement first, skip and return, eliminate two options). Set your checkpoints for the exam: half the questions by half the time.",
    evidenceRequired: "The slow questions grouped by item type and category, one habit per group, and your checkpoint times for the exam.",
    minutes: TASK_MINUTES.pacingReview,
  },
  cycleReview: {
    key: "general-cycle-review",
    domain: null,
    phase: "diagnose",
    title: "Read the retest's core misses by category",
    instructions:
      "Open the last retest's results. For each core miss write the category and the rule you got wrong, in your own words and never the question's text; these categories are what this cycle rebuilds.",
    evidenceRequired: "The categories still missed, with the rule you got wrong in each.",
    minutes: TASK_MINUTES.diagnose,
  },
  cycleRetest: {
    key: "general-cycle-retest",
    domain: null,
    phase: "retest",
    title: `Cycle retest: ${CYCLE_RETEST_SET.questions} questions in ${CYCLE_RETEST_SET.minutes} minutes on the categories you rebuilt`,
    instructions:
      "A timed set weighted to the categories this cycle rebuilt, favouring unseen variants of the families you missed. Answer at exam pace without notes, then label every miss core or edge.",
    evidenceRequired: "The set's result and each miss labelled core or edge.",
    practiceSet: CYCLE_RETEST_SET,
    minutes: CYCLE_RETEST_SET.minutes + SET_REVIEW_MINUTES,
  },
} as const satisfies Record<string, GeneralTask>;

export type GeneralTaskName = keyof typeof GENERAL_TASKS;

/** A domain's tasks as one ordered list: each rebuild then its prove, the retest last. */
export function domainTasks(domain: DomainKey): LibraryTask[] {
  const set = TASK_LIBRARY[domain];
  return [...set.steps.flatMap((s) => [s.rebuild, s.prove]), set.retest];
}

/**
 * One rebuild and its prove per miss category, for the categories a learner noted as misread and
 * the ones a retest still misses. Keys: category-<category>-rebuild / -prove.
 */
export const CATEGORY_TASKS: Readonly<Record<string, RebuildStep>> = Object.fromEntries(
  MISS_CATEGORIES.flatMap((c) => {
    const lab = CATEGORY_LABS[c.key];
    if (!lab) return [];
    const rebuild: LibraryTask = {
      key: `category-${c.key}-rebuild`,
      domain: c.domain,
      phase: "rebuild",
      title: `Rebuild ${c.label} by hand`,
      instructions: `${lab.lab} Then change one constraint: ${lab.vary.charAt(0).toLowerCase()}${lab.vary.slice(1)}`,
      evidenceRequired: `Your prediction for the changed constraint, written before you tested it, and ${lab.evidence.charAt(0).toLowerCase()}${lab.evidence.slice(1)}`,
      minutes: TASK_MINUTES.rebuild,
    };
    const prove: LibraryTask = {
      key: `category-${c.key}-prove`,
      domain: c.domain,
      phase: "prove",
      title: `Prove ${c.label}: explain the changed result`,
      instructions: "Compare the result after the change with your prediction and state the rule that decided it, in one or two sentences of your own.",
      evidenceRequired: `${lab.evidence} Add the rule in your own words and whether your prediction held.`,
      minutes: TASK_MINUTES.prove,
    };
    return [[c.key, { rebuild, prove }]];
  }),
);

/** Every task the library holds, general and category ones included. */
export function allLibraryTasks(): (LibraryTask | GeneralTask)[] {
  const domainPart = DOMAIN_KEYS.flatMap((domain) => {
    const light = TASK_LIBRARY[domain].lightReview;
    return [...domainTasks(domain), light.rebuild, light.prove, light.check];
  });
  const categoryPart = Object.values(CATEGORY_TASKS).flatMap((s) => [s.rebuild, s.prove]);
  return [...domainPart, ...categoryPart, ...Object.values(GENERAL_TASKS)];
}

const BY_KEY = new Map(allLibraryTasks().map((t) => [t.key, t]));

/** Looks up the library entry behind a plan task's `libraryKey` (e.g. to start its practice set). */
export function findLibraryTask(key: string): LibraryTask | GeneralTask | undefined {
  return BY_KEY.get(key);
}

/**
 * The practice set a plan task starts, or null: only tasks that are practice sets offer one (a
 * review, logistics or a lab never does), each with its own size and way of drawing.
 */
export function taskPracticeSet(libraryKey: string | null | undefined): PracticeSetSize | null {
  if (!libraryKey) return null;
  return BY_KEY.get(libraryKey)?.practiceSet ?? null;
}

/** Phase defaults for tasks outside the library (a coach's custom task). */
const PHASE_MINUTES: Record<PlanPhase, number> = { diagnose: TASK_MINUTES.diagnose, rebuild: TASK_MINUTES.rebuild, prove: TASK_MINUTES.prove, retest: 30 };

/** Estimated minutes of a plan task: the library's estimate, or its phase's default for a custom task. */
export function taskMinutes(task: { libraryKey: string | null; phase: PlanPhase }): number {
  return (task.libraryKey ? BY_KEY.get(task.libraryKey)?.minutes : undefined) ?? PHASE_MINUTES[task.phase];
}

//! The workload and capacity of a province's consultant firms (issue 16, item 2): plans in
//! hand by stage, each lead's load against the province's limit, the share overdue, and the
//! median days the firm's plans took in each stage against the province's median — what the
//! meeting asks ("can these firms deliver the plans by Q1 2026?").
//!
//! The firm's medians read the ended stage visits of the plans it has in hand (how fast they
//! went so far); the province's, every ended visit of its dossiers. A lead's load counts the
//! plans they lead at once in the province.

use std::collections::{BTreeMap, HashMap};

use plantrack_domain::access::{Caller, FirmReach};
use plantrack_domain::consultant::capacity;

use super::Planning;
use super::consultants::warnings_of;
use crate::consultant::{CapacityReport, FirmCapacity, LeadLoad, StageMedian};
use crate::error::Result;

impl Planning {
    /// The capacity page of a province, as of today.
    pub async fn capacity(&self, caller: Caller<'_>, province: &str) -> Result<CapacityReport> {
        let reach = match caller {
            Caller::Operator => FirmReach::All,
            Caller::Account(p) => plantrack_domain::access::read_firms(p, province)?,
        };
        let today = self.today();
        let limit = self.load_limit(province).await?;
        let open: HashMap<i64, (String, bool)> = self
            .db
            .open_dossiers(province, today)
            .await?
            .into_iter()
            .map(|d| (d.id, (d.stage, d.overdue)))
            .collect();
        let running = self.db.assignments(None, None, Some(province)).await?;
        let firms: Vec<_> = self
            .firms(Caller::Operator, Some(province))
            .await?
            .into_iter()
            .filter(|f| reach == FirmReach::All || reach == FirmReach::Own(f.id))
            .collect();
        let visits = self.db.stage_visits(province).await?;
        let mut province_days: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
        let mut days_by_dossier: HashMap<i64, Vec<(&str, i64)>> = HashMap::new();
        for v in &visits {
            province_days.entry(&v.stage).or_default().push(v.days);
            days_by_dossier
                .entry(v.dossier_id)
                .or_default()
                .push((&v.stage, v.days));
        }
        let province_median: BTreeMap<&str, Option<f64>> = province_days
            .iter_mut()
            .map(|(stage, days)| (*stage, capacity::median(days)))
            .collect();
        let with_firm: std::collections::HashSet<i64> = running
            .iter()
            .filter(|a| a.role == "firm")
            .map(|a| a.dossier_id)
            .collect();
        let mut out = Vec::with_capacity(firms.len());
        for firm in &firms {
            let plans: Vec<i64> = running
                .iter()
                .filter(|a| a.firm_id == firm.id && a.role == "firm")
                .map(|a| a.dossier_id)
                .filter(|d| open.contains_key(d))
                .collect();
            let mut by_stage: BTreeMap<String, u64> = BTreeMap::new();
            let mut overdue = 0;
            for d in &plans {
                if let Some((stage, late)) = open.get(d) {
                    *by_stage.entry(stage.clone()).or_default() += 1;
                    overdue += u64::from(*late);
                }
            }
            let mut leads: BTreeMap<i64, LeadLoad> = BTreeMap::new();
            let mut led = std::collections::HashSet::new();
            for a in running
                .iter()
                .filter(|a| a.firm_id == firm.id && a.role == "lead")
            {
                led.insert(a.dossier_id);
                let Some(pid) = a.person_id else { continue };
                let load = leads.entry(pid).or_insert_with(|| LeadLoad {
                    person_id: pid,
                    name: a.person_name.clone().unwrap_or_default(),
                    plans: 0,
                    over_limit: false,
                });
                load.plans += 1;
            }
            let mut leads: Vec<LeadLoad> = leads.into_values().collect();
            for l in &mut leads {
                l.over_limit = i64::try_from(l.plans).unwrap_or(i64::MAX) > limit;
            }
            leads.sort_by(|a, b| b.plans.cmp(&a.plans).then(a.name.cmp(&b.name)));
            let mut firm_days: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
            for d in &plans {
                for (stage, days) in days_by_dossier.get(d).into_iter().flatten() {
                    firm_days.entry(stage).or_default().push(*days);
                }
            }
            let stage_medians = firm_days
                .iter_mut()
                .map(|(stage, days)| StageMedian {
                    stage: (*stage).to_owned(),
                    firm_median_days: capacity::median(days),
                    province_median_days: province_median.get(stage).copied().flatten(),
                })
                .collect();
            let in_hand = plans.len() as u64;
            out.push(FirmCapacity {
                firm_id: firm.id,
                name: firm.name.clone(),
                certificate_valid: firm.certificate_valid,
                plans_in_hand: in_hand,
                by_stage,
                without_lead: plans.iter().filter(|d| !led.contains(d)).count() as u64,
                over_limit: leads.iter().any(|l| l.over_limit),
                leads,
                overdue,
                overdue_share: capacity::share(overdue, in_hand),
                stage_medians,
            });
        }
        let people = if running.is_empty() {
            Vec::new()
        } else {
            self.db.people(None).await?
        };
        let warnings = warnings_of(
            &running
                .iter()
                .filter(|a| reach == FirmReach::All || reach == FirmReach::Own(a.firm_id))
                .cloned()
                .collect::<Vec<_>>(),
            &firms,
            &people,
            today,
        );
        Ok(CapacityReport {
            province_code: province.to_owned(),
            as_of: today,
            max_plans_per_lead: limit,
            plans_open: open.len() as u64,
            plans_without_firm: open.keys().filter(|d| !with_firm.contains(d)).count() as u64,
            firms_over_limit: out.iter().filter(|f| f.over_limit).count() as u64,
            firms: out,
            warnings,
        })
    }
}

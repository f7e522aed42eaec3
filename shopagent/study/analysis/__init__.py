"""What populations and studies did, computed: behaviour facts, measures, comparisons with CIs,
segments, fidelity against people. No rendering here (see render/)."""

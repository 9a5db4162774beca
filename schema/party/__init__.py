"""Party profiles, mobile party members, titles at nodes and volunteer teams."""

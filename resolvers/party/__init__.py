"""Party members, mobile party members, titles at nodes and volunteer teams."""
